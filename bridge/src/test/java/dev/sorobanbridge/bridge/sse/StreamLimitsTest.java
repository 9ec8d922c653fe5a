package dev.sorobanbridge.bridge.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.SseClient.Frame;
import dev.sorobanbridge.bridge.support.TestConfig;
import dev.sorobanbridge.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ticket replacement, caps, rate limit, token expiry, revocation, lifetime and drain. */
class StreamLimitsTest {
    private static final String A = account(1);
    private static final String B = account(2);
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;

    private BridgeHarness start(UnaryOperator<AppConfig> customize) {
        return BridgeHarness.start(dir, customize);
    }

    private static UnaryOperator<AppConfig> limits(int perWallet, int perNode, int perMinute) {
        return c -> TestConfig.withLimits(c, new AppConfig.Limits(perWallet, perNode, perMinute, 1000, 1000, 1000, 1000, 1000));
    }

    private static UnaryOperator<AppConfig> stream(Duration heartbeat, Duration lifetime) {
        return c -> TestConfig.withStream(c, new AppConfig.Stream(Duration.ofSeconds(2), heartbeat, lifetime, 64));
    }

    @Test
    void aNewStreamWithTheSameTicketReplacesThePreviousOne() {
        try (BridgeHarness node = start(c -> c)) {
            String ticket = node.auth.ticket(A);
            SseClient first = node.stream("/events?ticket=" + ticket);
            first.next();
            first.next();
            try (SseClient second = node.stream("/events?ticket=" + ticket)) {
                assertEquals(200, second.status());
                assertTrue(first.awaitEnd(SseClient.WAIT), "the first stream of the ticket was closed");
                ActivityEvent event = event(100, 0, "pool.deposit", null, A);
                node.append(event);
                assertEquals(List.of(event.id()), second.messageIds(1));
            } finally {
                first.close();
            }
        }
    }

    @Test
    void perWalletCapAnswers429WithRetryAfterAndOtherWalletsStillConnect() throws Exception {
        // A closed client is noticed on the next write: a short heartbeat frees its slot quickly.
        UnaryOperator<AppConfig> config = c -> limits(2, 1000, 1000).apply(stream(Duration.ofMillis(200), Duration.ofMinutes(30)).apply(c));
        try (BridgeHarness node = start(config)) {
            try (SseClient one = node.stream("/events?token=" + node.auth.token(A));
                 SseClient two = node.stream("/events?token=" + node.auth.token(A));
                 SseClient other = node.stream("/events?token=" + node.auth.token(B))) {
                assertEquals(200, one.status());
                assertEquals(200, two.status());
                assertEquals(200, other.status());
                var refused = node.get("/events?token=" + node.auth.token(A));
                assertEquals(429, refused.statusCode());
                assertRetryAfter(refused.headers().firstValue("retry-after").orElse(null));
                assertEquals("too_many_streams_for_wallet", json.readTree(refused.body()).path("error").asText());
                two.close();
                awaitAccepted(node, "/events?token=" + node.auth.token(A));
            }
        }
    }

    @Test
    void perNodeCapAnswers429() throws Exception {
        try (BridgeHarness node = start(limits(50, 2, 1000));
             SseClient one = node.stream("/events?token=" + node.auth.token(A));
             SseClient two = node.stream("/events?token=" + node.auth.token(B))) {
            assertEquals(200, two.status());
            var refused = node.get("/events?token=" + node.auth.token(account(3)));
            assertEquals(429, refused.statusCode());
            assertRetryAfter(refused.headers().firstValue("retry-after").orElse(null));
            assertEquals("too_many_streams", json.readTree(refused.body()).path("error").asText());
            assertEquals(1.0, node.metrics.registry().get("sse.rejected").tag("reason", "too_many_streams").counter().count());
        }
    }

    @Test
    void connectRatePerIpAnswers429WithRetryAfter() throws Exception {
        try (BridgeHarness node = start(limits(50, 1000, 3))) {
            String token = node.auth.token(A);
            for (int i = 0; i < 3; i++) {
                try (SseClient ok = node.stream("/events?token=" + token)) {
                    assertEquals(200, ok.status());
                }
            }
            var refused = node.get("/events?token=" + token);
            assertEquals(429, refused.statusCode());
            assertEquals("rate_limited", json.readTree(refused.body()).path("error").asText());
            long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 20, "one token comes back after 20 s at 3/min: " + retryAfter);
            assertEquals(200, node.get("/events/history?token=" + token).statusCode(), "history is not a connection");
        }
    }

    @Test
    void streamSendsTokenExpiredAndClosesWhenTheJwtExpires() {
        try (BridgeHarness node = start(c -> c)) {
            String token = node.auth.token(A, Instant.now().plusMillis(1500), false);
            try (SseClient client = node.stream("/events?token=" + token)) {
                Frame expired = awaitNamed(client, "token-expired");
                assertEquals("{}", expired.data());
                assertTrue(client.awaitEnd(SseClient.WAIT));
            }
        }
    }

    @Test
    void revokingTheSessionEndsItsStreamWithSessionRevoked() {
        try (BridgeHarness node = start(stream(Duration.ofMillis(200), Duration.ofMinutes(30)))) {
            String token = node.auth.token(A);
            try (SseClient client = node.stream("/events?token=" + token)) {
                client.next();
                client.next();
                node.auth.revoke(node.auth.sessionOf(token));
                // Not token-expired: a client renews its token on that, but after a logout it must log out.
                List<Frame> frames = client.framesUntilEnd(SseClient.WAIT);
                List<String> named = frames.stream().filter(f -> !f.isMessage()).map(Frame::event).filter(java.util.Objects::nonNull).toList();
                assertEquals(List.of("session-revoked"), named, "frames: " + frames);
                assertEquals("{}", frames.stream().filter(f -> "session-revoked".equals(f.event())).findFirst().orElseThrow().data());
            }
        }
    }

    @Test
    void streamsEndAtTheirRandomisedMaximumLifetime() {
        try (BridgeHarness node = start(stream(Duration.ofSeconds(15), Duration.ofSeconds(1)))) {
            long started = System.nanoTime();
            try (SseClient client = node.stream("/events?token=" + node.auth.token(A))) {
                List<Frame> frames = client.framesUntilEnd(SseClient.WAIT);
                long lived = Duration.ofNanos(System.nanoTime() - started).toMillis();
                assertTrue(lived >= 750, "lifetime 1 s -20 % at least, lived " + lived + " ms");
                assertEquals("connected", frames.get(1).event(), "the frames before the end were kept: " + frames);
                assertFalse(frames.stream().anyMatch(f -> "token-expired".equals(f.event())),
                        "a lifetime end is not a credential problem");
            }
        }
    }

    @Test
    void drainClosesEveryStreamAndRefusesNewOnes() throws Exception {
        try (BridgeHarness node = start(c -> c);
             SseClient one = node.stream("/events?token=" + node.auth.token(A));
             SseClient two = node.stream("/events?token=" + node.auth.token(B))) {
            one.next();
            two.next();
            node.server.drain(Duration.ofMillis(400));
            assertTrue(one.awaitEnd(SseClient.WAIT));
            assertTrue(two.awaitEnd(SseClient.WAIT));
            var refused = node.get("/events?token=" + node.auth.token(A));
            assertEquals(503, refused.statusCode());
            assertNotNull(refused.headers().firstValue("retry-after").orElse(null));
        }
    }

    private static Frame awaitNamed(SseClient client, String name) {
        while (true) {
            Frame f = client.next();
            if (name.equals(f.event())) return f;
        }
    }

    private static void assertRetryAfter(String value) {
        assertNotNull(value, "Retry-After is present");
        long seconds = Long.parseLong(value);
        assertTrue(seconds >= 5 && seconds <= 15, "Retry-After " + seconds);
    }

    /** The freed slot is usable once the server has noticed the closed stream. */
    private static void awaitAccepted(BridgeHarness node, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (SseClient client = node.stream(path)) {
                if (client.status() == 200) return;
            }
            assertTrue(System.nanoTime() < deadline, "the wallet's slot was never freed");
            Thread.sleep(50);
        }
    }
}
