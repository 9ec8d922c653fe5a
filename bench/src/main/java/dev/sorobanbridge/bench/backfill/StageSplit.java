package dev.sorobanbridge.bench.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.ActivityEventJson;
import dev.sorobanbridge.abi.EventDecoder;
import dev.sorobanbridge.abi.RawEvent;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.indexer.rpc.EventsPage;
import dev.sorobanbridge.indexer.rpc.EventsRequest;
import dev.sorobanbridge.indexer.rpc.RpcException;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;
import dev.sorobanbridge.simulator.RpcSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The indexer's three stages timed one at a time over the same chain, so a backfill's wall time
 * can be attributed: fetching pages (the simulator's encoding and HTTP, then the client's parsing),
 * decoding every event alone, and appending the pre-decoded pages alone. The pages are held in
 * memory between stages.
 */
final class StageSplit {
    /**
     * One stage's cost.
     *
     * @param wall         seconds of wall time
     * @param threadCpu    CPU seconds of the thread that ran the stage
     * @param processCpu   CPU seconds of this whole JVM (for fetching: the simulator's encoding too)
     * @param dbBackendCpu CPU seconds of the PostgreSQL backend that appended; empty otherwise
     */
    record Timing(double wall, double threadCpu, double processCpu, OptionalDouble dbBackendCpu) {}

    /** Readings at the start of a stage. */
    private record Start(long nanos, double threadCpu, double processCpu) {
        static Start now() {
            return new Start(System.nanoTime(), CpuTime.ofCurrentThread(), CpuTime.ofThisProcess());
        }

        Timing end() {
            return new Timing((System.nanoTime() - nanos) / 1e9, CpuTime.ofCurrentThread() - threadCpu,
                    CpuTime.ofThisProcess() - processCpu, OptionalDouble.empty());
        }
    }

    private final RpcSimulator simulator;
    private final int pageSize;
    private final List<String> contractIds;
    private final List<EventsPage> pages = new ArrayList<>();
    private final List<List<ActivityEvent>> decoded = new ArrayList<>();

    StageSplit(RpcSimulator simulator, int pageSize) {
        this.simulator = simulator;
        this.pageSize = pageSize;
        this.contractIds = List.of(simulator.invoiceContractId(), simulator.poolContractId());
    }

    /** getEvents through the product's client, paging as the indexer does. */
    Timing fetch() throws RpcException {
        StellarRpcClient rpc = StellarRpcClient.create(
                new AppConfig.Rpc(simulator.url(), simulator.networkPassphrase(), Duration.ofSeconds(60)),
                new SimpleMeterRegistry());
        pages.clear();
        Start start = Start.now();
        EventsRequest request = EventsRequest.fromLedger(simulator.oldestLedger(), contractIds, pageSize);
        while (true) {
            EventsPage page = rpc.getEvents(request);
            pages.add(page);
            boolean moved = request.cursor() == null || !page.cursor().equals(request.cursor());
            if (page.reachesLatest() || !moved) break;
            request = EventsRequest.after(page.cursor(), contractIds, pageSize);
        }
        return start.end();
    }

    int pages() {
        return pages.size();
    }

    long rawEvents() {
        return pages.stream().mapToLong(p -> p.events().size()).sum();
    }

    /**
     * The same requests as {@link #fetch} over a plain HTTP client that only reads the bytes: the
     * simulator's share (encoding the answer) plus the transfer, without the product's parsing.
     *
     * @return the timing, and the bytes read
     */
    Map.Entry<Timing, Long> rawExchange() throws IOException, InterruptedException {
        ObjectMapper mapper = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        long bytes = 0;
        Start start = Start.now();
        String cursor = null;
        for (EventsPage page : pages) {
            ObjectNode params = mapper.createObjectNode();
            if (cursor == null) params.put("startLedger", simulator.oldestLedger());
            ObjectNode filter = params.putArray("filters").addObject().put("type", "contract");
            contractIds.forEach(filter.putArray("contractIds")::add);
            ObjectNode pagination = params.putObject("pagination");
            if (cursor != null) pagination.put("cursor", cursor);
            pagination.put("limit", pageSize);
            ObjectNode body = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "getEvents");
            body.set("params", params);
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(simulator.url())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) throw new IOException("getEvents answered HTTP " + response.statusCode());
            bytes += response.body().length;
            cursor = page.cursor();
        }
        return Map.entry(start.end(), bytes);
    }

    /** Decodes every event of a successful call, as the indexer does. */
    Timing decode() {
        EventDecoder decoder = new EventDecoder(simulator.invoiceContractId(), simulator.poolContractId());
        decoded.clear();
        Start start = Start.now();
        for (EventsPage page : pages) {
            List<ActivityEvent> events = new ArrayList<>(page.events().size());
            for (RawEvent raw : page.events()) {
                if (raw.inSuccessfulContractCall()) events.add(decoder.decode(raw).event());
            }
            decoded.add(events);
        }
        return start.end();
    }

    long decodedEvents() {
        return decoded.stream().mapToLong(List::size).sum();
    }

    /** The JSON each stored row carries, written for every decoded event: part of the store's work. */
    Timing serialise() {
        ActivityEventJson json = new ActivityEventJson();
        long chars = 0;
        Start start = Start.now();
        for (List<ActivityEvent> page : decoded) {
            for (ActivityEvent e : page) chars += json.write(e).length();
        }
        Timing timing = start.end();
        // the lengths are used, so the JIT cannot leave the writes out
        if (chars == 0 && decodedEvents() > 0) throw new IllegalStateException("no JSON written");
        return timing;
    }

    /** Appends the decoded pages with their cursors, one transaction each. */
    Timing store(FreshDatabase db) {
        try (LogWriter writer = db.database().eventLog().tryAcquireWriter().orElseThrow()) {
            writer.append(List.of(), Cursor.startAt(simulator.oldestLedger()));
            OptionalLong backend = db.writerBackendPid();
            OptionalDouble backendBefore = backendCpu(backend);
            Start start = Start.now();
            for (int i = 0; i < pages.size(); i++) {
                EventsPage page = pages.get(i);
                writer.append(decoded.get(i), new Cursor(page.cursor(), page.cursorLedger()));
            }
            Timing timing = start.end();
            OptionalDouble backendAfter = backendCpu(backend);
            if (backendBefore.isEmpty() || backendAfter.isEmpty()) return timing;
            return new Timing(timing.wall(), timing.threadCpu(), timing.processCpu(),
                    OptionalDouble.of(backendAfter.getAsDouble() - backendBefore.getAsDouble()));
        }
    }

    private static OptionalDouble backendCpu(OptionalLong pid) {
        return pid.isPresent() ? CpuTime.ofProcess(pid.getAsLong()) : OptionalDouble.empty();
    }
}
