package dev.sorobanbridge.indexer.poll;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th consecutive failure waits a uniformly random time
 * between zero and {@code min(cap, base * 2^(n-1))}, so many indexers hitting one failing RPC do
 * not retry in lockstep. Not thread-safe.
 */
final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The wait before the next attempt, after one more failure. */
    Duration next() {
        failures++;
        long ceiling = cap.toMillis();
        if (failures <= 31) {
            ceiling = Math.min(ceiling, base.toMillis() << (failures - 1));
        }
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /** Consecutive failures since the last {@link #reset()}. */
    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
