package dev.sorobanbridge.bench.backfill;

import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatedEvent;
import dev.sorobanbridge.simulator.SimulatorOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Backfill throughput: how fast the product's indexer catches up on a history it has never seen,
 * in events decoded and stored per second, with getEvents pages of 10,000 events.
 *
 * <p>Starts the simulated Stellar RPC in this JVM with the whole history already closed (manual
 * ledgers, so nothing new arrives while measuring), then for each backend and run: a fresh event
 * log, the real {@code Indexer} from the simulator's oldest ledger, timed until its committed
 * cursor passes the latest ledger ({@link IndexerRun}). Then, unless {@code --stages false}, the
 * same work one stage at a time ({@link StageSplit}) to show where the time goes.
 *
 * <pre>
 * java -cp ... dev.sorobanbridge.bench.backfill.BackfillBench [--events-per-ledger 250] [--ledgers 1200]
 *      [--page 10000] [--backends sqlite,postgres] [--runs 1] [--stages true] [--seed 7]
 *      [--pg-url jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
 * </pre>
 *
 * The simulator shares the JVM and the CPUs with the indexer, as on one machine: its encoding of
 * each page counts in the fetch time.
 */
public final class BackfillBench {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

    private BackfillBench() {}

    public static void main(String[] args) throws Exception {
        BackfillOptions opts;
        try {
            opts = BackfillOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("backfill bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("backfill benchmark: %,d ledgers x %,d events, pages of %,d, backends %s, %d CPUs, Java %s%n",
                opts.ledgers(), opts.eventsPerLedger(), opts.pageSize(), opts.backends(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.println("load average (1, 5, 15 min) at start: " + loadAverage());

        long generating = System.nanoTime();
        try (RpcSimulator simulator = RpcSimulator.start(SimulatorOptions.manual(opts.seed())
                .with(o -> { o.eventsPerLedger = opts.eventsPerLedger(); o.historyLedgers = opts.ledgers(); }))) {
            ChainSize chain = ChainSize.of(simulator);
            long expected = chain.storable();
            System.out.printf("simulator: ledgers %d-%d, %,d events (%,d of successful calls, which are stored), generated in %.1f s%n",
                    simulator.oldestLedger(), simulator.latestLedger(), chain.events(), expected,
                    (System.nanoTime() - generating) / 1e9);

            for (String backend : opts.backends()) {
                for (int run = 1; run <= opts.runs(); run++) {
                    indexerRun(simulator, backend, run, opts, expected);
                }
            }
            if (opts.stages()) stages(simulator, opts);
        }
        System.out.println("load average (1, 5, 15 min) at end: " + loadAverage());
    }

    /** Events on the simulated chain, and those the indexer stores (events of failed calls are not). */
    private record ChainSize(long events, long storable) {
        static ChainSize of(RpcSimulator simulator) {
            List<SimulatedEvent> all = simulator.eventsBetween(simulator.oldestLedger(), simulator.latestLedger());
            return new ChainSize(all.size(), all.stream().filter(SimulatedEvent::inSuccessfulContractCall).count());
        }
    }

    private static void indexerRun(RpcSimulator simulator, String backend, int run, BackfillOptions opts, long expected)
            throws Exception {
        try (FreshDatabase db = FreshDatabase.open(backend, opts.pgUrl())) {
            IndexerRun.Result r = IndexerRun.run(simulator, db, opts.pageSize(), RUN_TIMEOUT);
            long stored = db.storedEvents();
            System.out.printf("%n== %s, indexer run %d: %,d events stored (expected %,d) in %.2f s = %,.0f events/s%n",
                    db.name(), run, stored, expected, r.seconds(), stored / r.seconds());
            System.out.printf("   %d getEvents pages; %.2f s inside getEvents (simulator + HTTP + JSON parse, %.0f %%), "
                            + "%.2f s the rest (decode + store)%n",
                    r.pages(), r.rpcSeconds(), 100 * r.rpcSeconds() / r.seconds(), r.seconds() - r.rpcSeconds());
            System.out.printf("   CPU: indexer thread (appends) %.2f s, this JVM %.2f s (simulator, GC, JIT included)%s%n",
                    r.indexerCpu(), r.processCpu(), backendCpu(r.dbBackendCpu()));
            if (stored != expected) System.out.println("   MISMATCH: the log does not hold every event");
        }
    }

    private static void stages(RpcSimulator simulator, BackfillOptions opts) throws Exception {
        StageSplit split = new StageSplit(simulator, opts.pageSize());
        System.out.printf("%n== stages, one at a time (after the runs above: the JIT is warm)%n");
        StageSplit.Timing fetch = split.fetch();
        System.out.printf("   fetch  (StellarRpcClient.getEvents, paging like the indexer): %d pages, %,d events in %.2f s = %,.0f events/s%n",
                split.pages(), split.rawEvents(), fetch.wall(), split.rawEvents() / fetch.wall());
        System.out.printf("          CPU: client thread %.2f s, this JVM %.2f s (the simulator's encoding included)%n",
                fetch.threadCpu(), fetch.processCpu());
        Map.Entry<StageSplit.Timing, Long> raw = split.rawExchange();
        System.out.printf("          the same requests, bytes only (simulator encodes, %,d MB sent): %.2f s, JVM CPU %.2f s%n",
                raw.getValue() >> 20, raw.getKey().wall(), raw.getKey().processCpu());
        StageSplit.Timing decode = split.decode();
        report("decode (EventDecoder, alone)", split.decodedEvents(), decode);
        report("JSON   (ActivityEventJson.write of every row, part of each append)", split.decodedEvents(), split.serialise());
        for (String backend : opts.backends()) {
            try (FreshDatabase db = FreshDatabase.open(backend, opts.pgUrl())) {
                report("store  (" + db.name() + ", append of the pre-decoded pages, one transaction each)",
                        split.decodedEvents(), split.store(db));
            }
        }
    }

    private static void report(String stage, long events, StageSplit.Timing t) {
        System.out.printf("   %s: %,d events in %.2f s = %,.0f events/s; CPU: thread %.2f s%s%n",
                stage, events, t.wall(), events / t.wall(), t.threadCpu(), backendCpu(t.dbBackendCpu()));
    }

    private static String backendCpu(OptionalDouble seconds) {
        return seconds.isPresent() ? String.format(", PostgreSQL writer backend %.2f s", seconds.getAsDouble()) : "";
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
