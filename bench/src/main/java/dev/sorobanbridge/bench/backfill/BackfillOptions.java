package dev.sorobanbridge.bench.backfill;

import dev.sorobanbridge.bench.driver.DriverOptions;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link BackfillBench} runs, from {@code --flag value} arguments.
 *
 * @param eventsPerLedger the simulator's average events per ledger
 * @param ledgers         ledgers of history closed before the indexer starts
 * @param pageSize        {@code indexer.page-size}: events per getEvents call
 * @param backends        {@code sqlite}, {@code postgres}, or both
 * @param pgUrl           the PostgreSQL server; each run uses a fresh schema in it
 * @param runs            indexer runs per backend, each on a fresh database
 * @param stages          also time fetching, decoding and storing separately
 * @param seed            the simulator's seed (the same chain every time)
 */
record BackfillOptions(int eventsPerLedger, int ledgers, int pageSize, List<String> backends, String pgUrl,
                       int runs, boolean stages, long seed) {
    private static final Set<String> FLAGS = Set.of("events-per-ledger", "ledgers", "page", "backends", "pg-url",
            "runs", "stages", "seed");
    private static final Set<String> BACKENDS = Set.of("sqlite", "postgres");

    BackfillOptions {
        if (eventsPerLedger < 1) throw new IllegalArgumentException("--events-per-ledger must be at least 1");
        if (ledgers < 1) throw new IllegalArgumentException("--ledgers must be at least 1");
        if (pageSize < 1 || pageSize > 10_000) throw new IllegalArgumentException("--page must be 1..10000");
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        for (String b : backends) {
            if (!BACKENDS.contains(b)) throw new IllegalArgumentException("unknown backend '" + b + "': use sqlite,postgres");
        }
    }

    static BackfillOptions parse(String[] args) {
        Map<String, String> given = DriverOptions.flags(args, FLAGS);
        return new BackfillOptions(
                Integer.parseInt(given.getOrDefault("events-per-ledger", "250")),
                Integer.parseInt(given.getOrDefault("ledgers", "1200")),
                Integer.parseInt(given.getOrDefault("page", "10000")),
                Arrays.asList(given.getOrDefault("backends", "sqlite,postgres").split(",")),
                given.getOrDefault("pg-url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
                Integer.parseInt(given.getOrDefault("runs", "1")),
                Boolean.parseBoolean(given.getOrDefault("stages", "true")),
                Long.parseLong(given.getOrDefault("seed", "7")));
    }
}
