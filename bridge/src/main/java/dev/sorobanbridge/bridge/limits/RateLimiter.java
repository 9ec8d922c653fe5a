package dev.sorobanbridge.bridge.limits;

import dev.sorobanbridge.bridge.http.ApiException;
import dev.sorobanbridge.bridge.metrics.LimitMetrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One rate limit (stream connects, challenges, logins, tickets, history) as a token bucket per key (a
 * client address or a session): it holds {@code perMinute} tokens and refills at {@code perMinute} per
 * minute, so a client may burst (a page opening a few streams) but not storm. A refusal is a 429 with
 * {@code Retry-After} (the wait for the next token), counted in {@code limits_rejected_total{limit}}.
 *
 * <p>Memory is bounded: a bucket untouched for as long as a refill takes is full again, the same as no
 * bucket, so it is dropped (swept at most once per refill period, or once a second while the table is
 * full). With {@code maxKeys} buckets all busy, a new key is served untracked rather than refused: that
 * many distinct clients within one minute is a botnet, which a per-address limit cannot stop anyway,
 * and refusing strangers would let it lock every other client out.
 */
public final class RateLimiter {
    /** About 130 bytes a bucket: at most some 7 MB per limit, whatever clients do. */
    static final int DEFAULT_MAX_KEYS = 50_000;
    /** A bucket holds one minute's worth, so it is full again one minute after its last use. */
    private static final long REFILL_MILLIS = 60_000;
    private static final long FULL_TABLE_SWEEP_MILLIS = 1_000;

    private final String limit;
    private final int perMinute;
    private final String what;
    private final Clock clock;
    private final LimitMetrics metrics;
    private final int maxKeys;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ReentrantLock sweeping = new ReentrantLock();
    private volatile long lastSweep;

    /**
     * @param limit     the config key it enforces, the metric's tag (e.g. {@code challenges-per-minute-per-ip})
     * @param what      what is counted, for the client's error message (e.g. "login challenges from this address")
     */
    public RateLimiter(String limit, int perMinute, String what, Clock clock, LimitMetrics metrics) {
        this(limit, perMinute, what, clock, metrics, DEFAULT_MAX_KEYS);
    }

    RateLimiter(String limit, int perMinute, String what, Clock clock, LimitMetrics metrics, int maxKeys) {
        this.limit = limit;
        this.perMinute = perMinute;
        this.what = what;
        this.clock = clock;
        this.metrics = metrics;
        this.maxKeys = maxKeys;
        this.lastSweep = clock.millis();
    }

    /** Takes one token for this key, or throws 429 with the wait until the next token. */
    public void acquire(String key) {
        long now = clock.millis();
        sweepIfDue(now);
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) return; // see the class comment: served untracked
            bucket = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
        }
        long waitMillis = bucket.take(perMinute, now);
        if (waitMillis > 0) {
            metrics.rejected(limit);
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            throw new ApiException(429, "rate_limited", "Too many " + what + "; retry in " + seconds + " s.",
                    Duration.ofSeconds(seconds));
        }
    }

    /** Buckets currently tracked (for tests of the memory bound). */
    int trackedKeys() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long since = now - lastSweep;
        boolean due = since >= REFILL_MILLIS || (buckets.size() >= maxKeys && since >= FULL_TABLE_SWEEP_MILLIS);
        if (!due || !sweeping.tryLock()) return;
        try {
            lastSweep = now;
            buckets.values().removeIf(b -> b.fullAgain(now));
        } finally {
            sweeping.unlock();
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(int capacity, long now) {
            tokens = capacity;
            updatedAt = now;
        }

        /** @return 0 when a token was taken, else milliseconds until one is available */
        synchronized long take(int perMinute, long now) {
            tokens = Math.min(perMinute, tokens + Math.max(0, now - updatedAt) * perMinute / 60_000.0);
            updatedAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 60_000.0 / perMinute);
        }

        /** Untouched for a whole refill period: indistinguishable from a new bucket. */
        synchronized boolean fullAgain(long now) {
            return now - updatedAt >= REFILL_MILLIS;
        }
    }
}
