package dev.sorobanbridge.bench.driver;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Millisecond-resolution latency counts up to two minutes (longer ones land in the last bucket,
 * the maximum stays exact). Storing every sample of 10,000 streams would take gigabytes; this
 * takes 1 MiB and gives exact percentiles at 1 ms resolution. Thread-safe, lock-free.
 */
final class LatencyHistogram {
    private static final int BUCKETS = 120_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    void record(long millis) {
        long m = Math.max(0, millis);
        counts.incrementAndGet((int) Math.min(m, BUCKETS - 1));
        total.incrementAndGet();
        max.accumulateAndGet(m, Math::max);
    }

    long count() {
        return total.get();
    }

    /** @return p50, p90, p99 and max in milliseconds; null when nothing was recorded */
    Percentiles percentiles() {
        long n = total.get();
        if (n == 0) return null;
        return new Percentiles(n, at(n, 0.50), at(n, 0.90), at(n, 0.99), max.get());
    }

    private long at(long n, double quantile) {
        long rank = (long) Math.ceil(quantile * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) return i;
        }
        return BUCKETS - 1;
    }

    /** Latencies in milliseconds over {@code samples} receipts. */
    record Percentiles(long samples, long p50, long p90, long p99, long max) {
        @Override
        public String toString() {
            return "p50 " + p50 + " ms, p90 " + p90 + " ms, p99 " + p99 + " ms, max " + max + " ms (" + samples + " receipts)";
        }
    }
}
