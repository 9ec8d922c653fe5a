package dev.sorobanbridge.bench.log;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.Secret;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.log.store.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Event log benchmark, SQLite against PostgreSQL: (a) append throughput in pages of 10,000 events
 * (one transaction each, as the indexer writes), (b) the time to read one invoice's history from a
 * log of 1,000,000 events, and the query plans showing that the reads are index range scans.
 *
 * <pre>
 * java -cp ... dev.sorobanbridge.bench.log.LogBench [--events 1000000] [--page 10000]
 *      [--backends sqlite,postgres] [--pg-url jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
 * </pre>
 *
 * SQLite writes a file under java.io.tmpdir and PostgreSQL a fresh schema; both are removed at the end.
 */
public final class LogBench {
    /** Ordinary invoices have about this many events each, at random places in the log. */
    private static final int EVENTS_PER_INVOICE = 20;
    /** One busy invoice's events are spread over the whole log too: the worst case for a page. */
    private static final String HOT_INVOICE = "7";
    private static final int HOT_EVERY = 1_000;
    /** A busy wallet (a liquidity provider, say) is in one event out of this many. */
    private static final String HOT_WALLET = "G" + "H".repeat(55);
    private static final int HOT_WALLET_EVERY = 100;
    private static final int QUERY_REPEATS = 200;
    private static final List<String> WALLETS = Stream.iterate(0, i -> i + 1).limit(5_000)
            .map(i -> "G" + String.format("%055d", i)).toList();

    private final int events;
    private final int pageSize;

    private LogBench(int events, int pageSize) {
        this.events = events;
        this.pageSize = pageSize;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int events = Integer.parseInt(opts.getOrDefault("events", "1000000"));
        int page = Integer.parseInt(opts.getOrDefault("page", "10000"));
        List<String> backends = Arrays.asList(opts.getOrDefault("backends", "sqlite,postgres").split(","));
        String pgUrl = opts.getOrDefault("pg-url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

        LogBench bench = new LogBench(events, page);
        System.out.printf("event log benchmark: %,d events, pages of %,d, %d CPUs, Java %s%n",
                events, page, Runtime.getRuntime().availableProcessors(), Runtime.version());
        if (backends.contains("sqlite")) bench.sqlite();
        if (backends.contains("postgres")) bench.postgres(pgUrl);
    }

    private void sqlite() throws IOException {
        Path dir = Files.createTempDirectory("log-bench");
        Path file = dir.resolve("events.db");
        try {
            run("SQLite", new AppConfig.Storage(AppConfig.StorageKind.SQLITE, file, null, new Secret(""), 4,
                    Duration.ofSeconds(10), null, 0), () -> {
                System.out.printf("  file size: %,d MB (+ WAL %,d MB)%n", sizeMb(file), sizeMb(dir.resolve("events.db-wal")));
                return null;
            });
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    private void postgres(String serverUrl) throws SQLException {
        String schema = "log_bench_" + Long.toHexString(System.nanoTime());
        admin(serverUrl, "CREATE SCHEMA " + schema);
        String url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            run("PostgreSQL", new AppConfig.Storage(AppConfig.StorageKind.POSTGRES, null, url, new Secret(""), 4,
                    Duration.ofSeconds(10), null, 0), () -> {
                try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                    // What autovacuum would do soon after a bulk load; the planner needs the statistics.
                    st.execute("ANALYZE");
                    try (ResultSet rs = st.executeQuery(
                            "SELECT pg_total_relation_size('events') + pg_total_relation_size('event_wallets')")) {
                        rs.next();
                        System.out.printf("  tables + indexes: %,d MB%n", rs.getLong(1) >> 20);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        } finally {
            admin(serverUrl, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private void run(String name, AppConfig.Storage cfg, Supplier<Void> afterLoad) {
        System.out.printf("%n== %s%n", name);
        try (Database db = Database.open(cfg)) {
            EventLog log = db.eventLog();
            try (LogWriter writer = log.tryAcquireWriter().orElseThrow()) {
                append(writer);
            }
            afterLoad.get();
            queries(db);
        }
    }

    // ---- (a) append throughput

    private void append(LogWriter writer) {
        SplittableRandom random = new SplittableRandom(42);
        Instant genesis = Instant.parse("2026-01-01T00:00:00Z");
        List<Long> pageNanos = new ArrayList<>();
        long start = System.nanoTime();
        for (int first = 0; first < events; first += pageSize) {
            int n = Math.min(pageSize, events - first);
            List<ActivityEvent> page = new ArrayList<>(n);
            for (int i = first; i < first + n; i++) page.add(event(i, random, genesis));
            long t0 = System.nanoTime();
            writer.append(page, new Cursor(page.getLast().id(), page.getLast().ledger()));
            pageNanos.add(System.nanoTime() - t0);
        }
        double appendSeconds = pageNanos.stream().mapToLong(Long::longValue).sum() / 1e9;
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        pageNanos.sort(Comparator.naturalOrder());
        System.out.printf("  (a) append: %,.0f events/s in appends (%,.1f s for %,d events; %,.0f events/s wall incl. building events)%n",
                events / appendSeconds, appendSeconds, events, events / wallSeconds);
        System.out.printf("      page of %,d: median %,.0f ms, p90 %,.0f ms, max %,.0f ms (first page %,.0f ms)%n",
                pageSize, ms(percentile(pageNanos, 0.5)), ms(percentile(pageNanos, 0.9)),
                ms(pageNanos.getLast()), ms(pageNanos.getFirst()));
    }

    /** Event i of the synthetic chain: 10 events per ledger, mostly invoice events with 1-2 wallets. */
    private ActivityEvent event(int i, SplittableRandom random, Instant genesis) {
        long ledger = 1_000_000L + i / 10;
        String id = String.format("%019d-%010d", ledger << 32, i % 10 + 1);
        boolean hot = i % HOT_EVERY == 0;
        boolean invoice = hot || random.nextInt(10) < 8;
        String invoiceId = hot ? HOT_INVOICE : invoice ? Integer.toString(1_000 + random.nextInt(invoiceCount())) : null;
        String type = invoice ? List.of("invoice.created", "invoice.funded", "invoice.paid").get(random.nextInt(3))
                : List.of("pool.deposited", "pool.withdrawn").get(random.nextInt(2));
        String contract = invoice ? "invoice" : "pool";
        List<String> wallets = i % HOT_WALLET_EVERY == 0
                ? List.of(HOT_WALLET, WALLETS.get(random.nextInt(WALLETS.size())))
                : random.nextBoolean()
                ? List.of(WALLETS.get(random.nextInt(WALLETS.size())))
                : List.of(WALLETS.get(random.nextInt(WALLETS.size())), WALLETS.get(random.nextInt(WALLETS.size())))
                        .stream().distinct().toList();
        Map<String, Object> data = invoiceId == null
                ? Map.of("provider", wallets.getFirst(), "amount", Long.toString(random.nextLong(1, 1L << 50)))
                : Map.of("invoiceId", invoiceId, "owner", wallets.getFirst(), "amount", Long.toString(random.nextLong(1, 1L << 50)));
        List<List<String>> invalidate = invoiceId == null ? List.of(List.of("pool"), List.of("position", wallets.getFirst()))
                : List.of(List.of("invoice", invoiceId), List.of("invoices"));
        return new ActivityEvent(id, type, contract, invoice ? "CINVOICE" : "CPOOL", ledger,
                genesis.plusSeconds(5 * (ledger - 1_000_000L)), "tx" + Long.toHexString(ledger) + i % 10,
                invoiceId, wallets, data, invalidate);
    }

    private int invoiceCount() {
        return Math.max(1, events / EVENTS_PER_INVOICE);
    }

    // ---- (b) reads

    private void queries(Database db) {
        EventLog log = db.eventLog();
        String ordinary = Integer.toString(1_000 + invoiceCount() / 2);
        EventQuery ordinaryAll = new EventQuery(null, Set.of(ordinary), Set.of(), Set.of(), Set.of(), 10_000);
        EventQuery hotAll = new EventQuery(null, Set.of(HOT_INVOICE), Set.of(), Set.of(), Set.of(), 10_000);
        EventQuery hotFirstPage = new EventQuery(null, Set.of(HOT_INVOICE), Set.of(), Set.of(), Set.of(), 100);
        List<ActivityEvent> hotHistory = log.read(hotAll);
        String middle = hotHistory.get(hotHistory.size() / 2).id();
        EventQuery hotMiddlePage = new EventQuery(middle, Set.of(HOT_INVOICE), Set.of(), Set.of(), Set.of(), 100);
        EventQuery walletPage = new EventQuery(null, Set.of(), Set.of(WALLETS.get(17)), Set.of(), Set.of(), 100);
        EventQuery hotWalletPage = new EventQuery(middle, Set.of(), Set.of(HOT_WALLET), Set.of(), Set.of(), 100);
        EventQuery twoWalletsPage = new EventQuery(null, Set.of(), Set.of(HOT_WALLET, WALLETS.get(17)), Set.of(), Set.of(), 100);
        EventQuery replayPage = EventQuery.all(middle, 100);

        System.out.printf("  (b) reads (%d runs each after warm-up):%n", QUERY_REPEATS);
        time(log, "invoice " + ordinary + ": whole history", ordinaryAll);
        time(log, "invoice " + HOT_INVOICE + ": whole history", hotAll);
        time(log, "invoice " + HOT_INVOICE + ": first page of 100", hotFirstPage);
        time(log, "invoice " + HOT_INVOICE + ": page of 100 after the middle", hotMiddlePage);
        time(log, "one wallet: first page of 100", walletPage);
        time(log, "busy wallet: page of 100 after the middle", hotWalletPage);
        time(log, "busy wallet or another: first page of 100", twoWalletsPage);
        time(log, "no filter: page of 100 after the middle", replayPage);

        System.out.println("  query plans:");
        plan(db, "invoice history", hotMiddlePage);
        plan(db, "busy wallet page", hotWalletPage);
        plan(db, "two wallets page", twoWalletsPage);
    }

    private static void time(EventLog log, String what, EventQuery q) {
        int rows = 0;
        for (int i = 0; i < 20; i++) rows = log.readStored(q).size();
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < QUERY_REPEATS; i++) {
            long t0 = System.nanoTime();
            log.readStored(q);
            nanos.add(System.nanoTime() - t0);
        }
        nanos.sort(Comparator.naturalOrder());
        System.out.printf("      %-45s %,6d events  median %8.3f ms  p99 %8.3f ms%n",
                what, rows, ms(percentile(nanos, 0.5)), ms(percentile(nanos, 0.99)));
    }

    private static void plan(Database db, String what, EventQuery q) {
        System.out.printf("      %s:%n", what);
        for (String step : db.queryPlan(q)) System.out.printf("        %s%n", step);
    }

    // ---- helpers

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long sizeMb(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) >> 20 : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void admin(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + args[i]);
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}
