package dev.sorobanbridge.bridge.limits;

import dev.sorobanbridge.bridge.http.ApiException;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connection attempts per client IP: a token bucket holding {@code perMinute} tokens, refilled at
 * {@code perMinute} per minute, so a client may burst (a page opening a few streams) but not storm.
 */
public final class ConnectRateLimiter {
    /** Buckets idle this long are full again and can be forgotten. */
    private static final Duration IDLE = Duration.ofMinutes(2);
    private static final int SWEEP_ABOVE = 10_000;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ConnectRateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one token for this address, or throws 429 with the wait until the next token. */
    public void acquire(String clientAddress) {
        long now = clock.millis();
        if (buckets.size() > SWEEP_ABOVE) buckets.values().removeIf(b -> b.idleSince(now, IDLE.toMillis()));
        Bucket bucket = buckets.computeIfAbsent(clientAddress, k -> new Bucket(perMinute, now));
        long waitMillis = bucket.take(perMinute, now);
        if (waitMillis > 0) {
            throw new ApiException(429, "rate_limited", "Too many connection attempts from this address; retry in "
                    + Math.max(1, (waitMillis + 999) / 1000) + " s.", Duration.ofMillis(waitMillis + 999));
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
            tokens = Math.min(perMinute, tokens + (now - updatedAt) * perMinute / 60_000.0);
            updatedAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 60_000.0 / perMinute);
        }

        synchronized boolean idleSince(long now, long idleMillis) {
            return now - updatedAt > idleMillis;
        }
    }
}
