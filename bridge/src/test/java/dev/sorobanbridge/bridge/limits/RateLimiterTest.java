package dev.sorobanbridge.bridge.limits;

import dev.sorobanbridge.bridge.http.ApiException;
import dev.sorobanbridge.bridge.metrics.LimitMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateLimiterTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LimitMetrics metrics = new LimitMetrics(meters);
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() { return ZoneOffset.UTC; }

        @Override
        public Clock withZone(java.time.ZoneId zone) { return this; }

        @Override
        public Instant instant() { return now; }
    };

    @Test
    void allowsABurstOfTheMinuteRateThenRefillsSteadily() {
        RateLimiter limiter = new RateLimiter("connects-per-minute-per-ip", 6, "connection attempts", clock, metrics);
        for (int i = 0; i < 6; i++) limiter.acquire("10.0.0.1");
        ApiException refused = assertThrows(ApiException.class, () -> limiter.acquire("10.0.0.1"));
        assertEquals(429, refused.status());
        assertEquals(Duration.ofSeconds(10), refused.retryAfter().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                "one token every 10 s at 6 per minute");

        limiter.acquire("10.0.0.2"); // another address has its own bucket

        now = now.plusSeconds(10);
        limiter.acquire("10.0.0.1");
        assertThrows(ApiException.class, () -> limiter.acquire("10.0.0.1"));
        now = now.plusSeconds(600);
        for (int i = 0; i < 6; i++) limiter.acquire("10.0.0.1");
        assertThrows(ApiException.class, () -> limiter.acquire("10.0.0.1"), "a full bucket holds one minute's worth");
        assertEquals(3.0, meters.get("limits.rejected").tag("limit", "connects-per-minute-per-ip").counter().count());
    }

    @Test
    void keepsAtMostMaxKeysBucketsAndForgetsThoseFullAgain() {
        RateLimiter limiter = new RateLimiter("history-per-minute-per-ip", 2, "requests", clock, metrics, 3);
        for (String key : new String[] {"a", "b", "c"}) {
            limiter.acquire(key);
            limiter.acquire(key);
            assertThrows(ApiException.class, () -> limiter.acquire(key));
        }
        assertEquals(3, limiter.trackedKeys());
        for (int i = 0; i < 10; i++) limiter.acquire("stranger-" + i); // the table is full: served, not tracked
        assertEquals(3, limiter.trackedKeys());
        assertThrows(ApiException.class, () -> limiter.acquire("a"), "tracked clients stay limited");

        now = now.plusSeconds(61);
        limiter.acquire("d");
        assertEquals(1, limiter.trackedKeys(), "buckets untouched for a minute are full again and dropped");
    }
}
