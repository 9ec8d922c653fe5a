package dev.sorobanbridge.bench.backfill;

import dev.sorobanbridge.abi.EventDecoder;
import dev.sorobanbridge.abi.EventId;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.indexer.poll.Indexer;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;
import dev.sorobanbridge.log.store.Database;
import dev.sorobanbridge.simulator.RpcSimulator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One backfill by the product's own indexer, wired as {@code Node} wires it: {@link Indexer} with
 * {@link StellarRpcClient} over HTTP, {@link EventDecoder} and the given log, starting at the
 * simulator's oldest ledger. Timed from {@link Indexer#start()} until the committed cursor is past
 * every event of the simulator's latest ledger.
 */
final class IndexerRun {
    /** How often the caught-up check looks at the indexer's cursor gauge (no database reads). */
    private static final long CHECK_EVERY_MILLIS = 5;

    /**
     * @param seconds          from start until caught up
     * @param pages            getEvents calls answered
     * @param rpcSeconds       time inside those calls: the simulator encoding, HTTP, and parsing the JSON
     * @param indexerCpu       CPU seconds of the indexer's thread: the JDBC side of appends (SQLite's own
     *                         work runs on this thread too) and each catch-up's first page; the pages
     *                         fetched ahead are parsed, decoded and serialised on a virtual thread,
     *                         counted only in {@code processCpu}
     * @param processCpu       CPU seconds of this whole JVM over the run, the simulator included
     * @param dbBackendCpu     CPU seconds of the PostgreSQL backend that appended; empty for SQLite
     */
    record Result(double seconds, long pages, double rpcSeconds, double indexerCpu, double processCpu,
                  OptionalDouble dbBackendCpu) {}

    private IndexerRun() {}

    static Result run(RpcSimulator simulator, FreshDatabase db, int pageSize, Duration timeout) throws TimeoutException {
        Database database = db.database();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AppConfig.Contracts contracts = new AppConfig.Contracts(simulator.invoiceContractId(), simulator.poolContractId());
        AppConfig.Indexer settings = new AppConfig.Indexer(OptionalLong.of(simulator.oldestLedger()), Duration.ofSeconds(5),
                pageSize, 10, Duration.ofMinutes(5));
        StellarRpcClient rpc = StellarRpcClient.create(
                new AppConfig.Rpc(simulator.url(), simulator.networkPassphrase(), Duration.ofSeconds(60)), registry);
        long target = simulator.latestLedger();

        double processCpuBefore = CpuTime.ofThisProcess();
        long started = System.nanoTime();
        double seconds;
        double indexerCpu;
        OptionalDouble backendCpu;
        try (Indexer indexer = new Indexer(settings, contracts, database.eventLog(),
                new EventDecoder(contracts.invoice(), contracts.pool()), rpc, registry, Clock.systemUTC())) {
            indexer.start();
            awaitCaughtUp(database.eventLog(), registry, target, started + timeout.toNanos());
            seconds = (System.nanoTime() - started) / 1e9;
            indexerCpu = CpuTime.ofThread(indexerThread().threadId());
            // the writer's connection was opened for this run, so its backend's whole life is this run
            OptionalLong pid = db.writerBackendPid();
            backendCpu = pid.isPresent() ? CpuTime.ofProcess(pid.getAsLong()) : OptionalDouble.empty();
        }
        double processCpu = CpuTime.ofThisProcess() - processCpuBefore;
        Timer calls = registry.find("rpc.request").tag("method", "getEvents").tag("outcome", "ok").timer();
        return new Result(seconds, calls == null ? 0 : calls.count(), calls == null ? 0 : calls.totalTime(TimeUnit.SECONDS),
                indexerCpu, processCpu, backendCpu);
    }

    /** The thread {@link Indexer#start()} started: it has a fixed name. */
    private static Thread indexerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("indexer"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no thread named 'indexer'"));
    }

    /**
     * The gauge says which ledger the committed cursor is in; a full page can end inside the latest
     * ledger, so only a cursor past that ledger's end means every event is stored.
     */
    private static void awaitCaughtUp(EventLog log, SimpleMeterRegistry registry, long target, long deadline)
            throws TimeoutException {
        while (true) {
            Gauge cursorLedger = registry.find("indexer.cursor.ledger").gauge();
            if (cursorLedger != null && cursorLedger.value() >= target) {
                Optional<Cursor> cursor = log.cursor();
                if (cursor.isPresent() && cursor.get().rpcCursor() != null && cursor.get().ledger() >= target
                        && EventId.parse(cursor.get().rpcCursor()).endsLedger()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the indexer did not reach ledger " + target + " in time (cursor ledger "
                        + (cursorLedger == null ? "unknown" : (long) cursorLedger.value()) + ")");
            }
            try {
                Thread.sleep(CHECK_EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            }
        }
    }
}
