package dev.sorobanbridge.bridge.limits;

import dev.sorobanbridge.bridge.http.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConnectRateLimiterTest {
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
        ConnectRateLimiter limiter = new ConnectRateLimiter(6, clock);
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
    }
}
