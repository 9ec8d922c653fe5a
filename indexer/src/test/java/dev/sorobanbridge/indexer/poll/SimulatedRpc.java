package dev.sorobanbridge.indexer.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server answering Stellar RPC's JSON-RPC methods from an in-memory chain, with
 * stellar-rpc's getEvents rules (get_events.go @41b2f0f): a cursor is exclusive and excludes
 * startLedger; the start must lie within {@code [oldest, latest]} or the answer is -32600
 * "startLedger must be within the ledger range"; one request scans at most 10,000 ledgers; a full
 * page ends at its last event's id, any other at the end of the scanned window
 * ({@code toid(end - 1, 0xFFFFF, 0xFFF)-4294967295}). Faults can replace the n-th getEvents answer.
 */
final class SimulatedRpc implements AutoCloseable {
    static final int LEDGER_SCAN_LIMIT = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One request as received, with the answer the chain gave (before any fault replaced it).
     */
    record Call(String method, JsonNode params, long receivedAtNanos, JsonNode answer) {
        /** The {@code cursor} of the chain's answer; null for errors and other methods. */
        String answerCursor() {
            JsonNode cursor = answer.at("/result/cursor");
            return cursor.isMissingNode() ? null : cursor.asText();
        }

        int answerEventCount() {
            return answer.at("/result/events").size();
        }

        String cursor() {
            JsonNode cursor = params.at("/pagination/cursor");
            return cursor.isMissingNode() ? null : cursor.asText();
        }

        Long startLedger() {
            JsonNode start = params.get("startLedger");
            return start == null ? null : start.asLong();
        }
    }

    /** Replaces a normal answer. */
    interface StubFault {
        ResponseDefinition respond(ResponseDefinition normal);

        static StubFault status(int status, String body) {
            return normal -> ResponseDefinitionBuilder.responseDefinition().withStatus(status).withBody(body).build();
        }

        static StubFault noBody(int status) {
            return normal -> ResponseDefinitionBuilder.responseDefinition().withStatus(status).build();
        }

        static StubFault tooManyRequests(int retryAfterSeconds) {
            return normal -> ResponseDefinitionBuilder.responseDefinition().withStatus(429)
                    .withHeader("Retry-After", String.valueOf(retryAfterSeconds)).withBody("rate limited").build();
        }

        static StubFault rpcError(int code, String message) {
            return body("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}");
        }

        static StubFault body(String body) {
            return normal -> ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body).build();
        }

        static StubFault delayed(int millis) {
            return normal -> ResponseDefinitionBuilder.like(normal).withFixedDelay(millis).build();
        }

        static StubFault connection(Fault fault) {
            return normal -> ResponseDefinitionBuilder.responseDefinition().withFault(fault).build();
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final NavigableMap<String, ObjectNode> events = new TreeMap<>();
    private final Map<Integer, StubFault> getEventsFaults = new HashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Duration cadence;
    private final Instant epoch;
    private final WireMockServer server;
    private long oldest;
    private long latest;
    private int getEventsCalls;
    private int delayMillis;

    /**
     * @param cadence the time between ledger closes; ledger {@code latest} closed ten seconds ago
     */
    SimulatedRpc(long oldest, long latest, Duration cadence) {
        this.oldest = oldest;
        this.latest = latest;
        this.cadence = cadence;
        this.epoch = Instant.now().minusSeconds(10).minus(cadence.multipliedBy(latest));
        this.server = new WireMockServer(options().dynamicPort().extensions(new Transformer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    String url() {
        return server.baseUrl() + "/rpc";
    }

    Instant closeTime(long ledger) {
        return epoch.plus(cadence.multipliedBy(ledger)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    void add(ObjectNode... newEvents) {
        lock.lock();
        try {
            for (ObjectNode event : newEvents) {
                events.put(event.get("id").asText(), event);
            }
        } finally {
            lock.unlock();
        }
    }

    void advanceTo(long newLatest) {
        moveWindow(oldest, newLatest);
    }

    /** The RPC now holds ledgers {@code newOldest..newLatest} (both ends at once, as one step). */
    void moveWindow(long newOldest, long newLatest) {
        lock.lock();
        try {
            oldest = newOldest;
            latest = newLatest;
        } finally {
            lock.unlock();
        }
    }

    void retainFrom(long newOldest) {
        moveWindow(newOldest, latest);
    }

    /** The n-th getEvents request (1-based, counted from the start) gets this answer instead. */
    void failGetEventsCall(int n, StubFault fault) {
        lock.lock();
        try {
            getEventsFaults.put(n, fault);
        } finally {
            lock.unlock();
        }
    }

    /** Every getEvents answer is delayed this long (so a backfill takes a while). */
    void delayGetEvents(int millis) {
        delayMillis = millis;
    }

    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** The events a correct indexer stores: every successful-call event of the contracts, in id order. */
    List<String> deliverableIds(long fromLedger, long toLedger) {
        lock.lock();
        try {
            return events.values().stream()
                    .filter(e -> e.get("inSuccessfulContractCall").asBoolean())
                    .filter(e -> e.get("ledger").asLong() >= fromLedger && e.get("ledger").asLong() <= toLedger)
                    .map(e -> e.get("id").asText()).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    private ResponseDefinition answer(String body) {
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (IOException e) {
            return json(error(-32700, "parse error"));
        }
        String method = request.path("method").asText();
        JsonNode params = request.path("params");
        long receivedAt = System.nanoTime();
        lock.lock();
        try {
            return switch (method) {
                case "getEvents" -> {
                    getEventsCalls++;
                    ObjectNode answer = getEvents(params);
                    calls.add(new Call(method, params, receivedAt, answer));
                    ResponseDefinition normal = json(answer);
                    if (delayMillis > 0) {
                        normal = ResponseDefinitionBuilder.like(normal).withFixedDelay(delayMillis).build();
                    }
                    StubFault fault = getEventsFaults.remove(getEventsCalls);
                    yield fault == null ? normal : fault.respond(normal);
                }
                case "getLatestLedger" -> recorded(method, params, receivedAt, result(MAPPER.createObjectNode()
                        .put("id", "ab".repeat(32)).put("protocolVersion", 23).put("sequence", latest)
                        .put("closeTime", String.valueOf(closeTime(latest).getEpochSecond()))));
                case "getHealth" -> recorded(method, params, receivedAt, result(MAPPER.createObjectNode()
                        .put("status", "healthy").put("latestLedger", latest).put("oldestLedger", oldest)
                        .put("ledgerRetentionWindow", latest - oldest + 1)
                        .put("latestLedgerCloseTime", String.valueOf(closeTime(latest).getEpochSecond()))
                        .put("oldestLedgerCloseTime", String.valueOf(closeTime(oldest).getEpochSecond()))));
                default -> recorded(method, params, receivedAt, error(-32601, "method not found"));
            };
        } finally {
            lock.unlock();
        }
    }

    private ResponseDefinition recorded(String method, JsonNode params, long receivedAt, ObjectNode answer) {
        calls.add(new Call(method, params, receivedAt, answer));
        return json(answer);
    }

    private ObjectNode getEvents(JsonNode params) {
        JsonNode cursorNode = params.at("/pagination/cursor");
        long startLedger = params.path("startLedger").asLong(0);
        if (!cursorNode.isMissingNode() && startLedger != 0) {
            return error(-32602, "ledger ranges and cursor cannot both be set");
        }
        if (cursorNode.isMissingNode() && startLedger <= 0) {
            return error(-32602, "startLedger must be positive");
        }
        int limit = params.at("/pagination/limit").asInt(100);
        Set<String> contractIds = new HashSet<>();
        params.path("filters").forEach(f -> f.path("contractIds").forEach(id -> contractIds.add(id.asText())));
        String after = cursorNode.isMissingNode() ? null : cursorNode.asText();
        long start = after != null ? Long.parseLong(after.substring(0, after.indexOf('-'))) >>> 32 : startLedger;
        if (start < oldest || start > latest) {
            return error(-32600, "startLedger must be within the ledger range: " + oldest + " - " + latest);
        }
        long end = Math.min(start + LEDGER_SCAN_LIMIT, latest + 1);
        NavigableMap<String, ObjectNode> window = after != null
                ? events.tailMap(after, false)
                : events.tailMap(AsteraEvents.id(start, 0, 0, 0), true);
        List<ObjectNode> page = new ArrayList<>();
        for (ObjectNode event : window.values()) {
            if (event.get("ledger").asLong() >= end || page.size() == limit) {
                break;
            }
            if (contractIds.isEmpty() || contractIds.contains(event.get("contractId").asText())) {
                page.add(event);
            }
        }
        String cursor = page.size() == limit
                ? page.getLast().get("id").asText()
                : "%019d-%010d".formatted((end - 1) << 32 | 0xFFFF_FFFFL, 0xFFFF_FFFFL);
        ObjectNode result = MAPPER.createObjectNode();
        ArrayNode array = result.putArray("events");
        page.forEach(array::add);
        result.put("cursor", cursor);
        result.put("latestLedger", latest);
        result.put("oldestLedger", oldest);
        result.put("latestLedgerCloseTime", String.valueOf(closeTime(latest).getEpochSecond()));
        result.put("oldestLedgerCloseTime", String.valueOf(closeTime(oldest).getEpochSecond()));
        return result(result);
    }

    private static ObjectNode result(ObjectNode result) {
        ObjectNode envelope = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", 1);
        envelope.set("result", result);
        return envelope;
    }

    private static ObjectNode error(int code, String message) {
        ObjectNode envelope = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", 1);
        envelope.putObject("error").put("code", code).put("message", message);
        return envelope;
    }

    private static ResponseDefinition json(ObjectNode body) {
        try {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(MAPPER.writeValueAsString(body)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return answer(serveEvent.getRequest().getBodyAsString());
        }

        @Override
        public String getName() {
            return "simulated-stellar-rpc";
        }
    }
}
