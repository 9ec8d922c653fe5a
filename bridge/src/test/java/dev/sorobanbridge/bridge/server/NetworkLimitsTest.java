package dev.sorobanbridge.bridge.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.RawHttp;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.TestConfig;
import dev.sorobanbridge.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits that hold per client, not per wallet, and behind a proxy: clients are distinct loopback
 * addresses (127.0.0.x), each a plain socket, so one test is several IPs.
 */
class NetworkLimitsTest {
    private static final int STREAMS_PER_IP = 3;
    private final ObjectMapper json = new ObjectMapper();
    private final List<RawHttp> sockets = new ArrayList<>();
    @TempDir
    Path dir;

    private static UnaryOperator<AppConfig> server(List<String> trustedProxies, Duration headTimeout, int maxConnections) {
        return c -> {
            AppConfig.Server s = c.server();
            AppConfig withServer = TestConfig.withServer(c, new AppConfig.Server(s.host(), s.port(), s.managementPort(),
                    s.corsAllowedOrigins(), s.shutdownDrain(), s.managementHost(), trustedProxies, headTimeout,
                    maxConnections, s.accessLog(), s.tls()));
            return TestConfig.withLimits(withServer, new AppConfig.Limits(50, 1000, 1000, STREAMS_PER_IP, 1000, 1000, 1000, 3));
        };
    }

    private static UnaryOperator<AppConfig> trusting(String... proxies) {
        return server(List.of(proxies), Duration.ofSeconds(20), 20_000);
    }

    /** Opens a stream from {@code from} for a wallet of its own; returns the answer's head. */
    private RawHttp.Response stream(BridgeHarness node, String from, int wallet, String... headers) {
        RawHttp socket = RawHttp.connect(from, node.server.port());
        sockets.add(socket);
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization: Bearer " + node.auth.token(account(wallet));
        all[1] = "Accept: text/event-stream";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return socket.get("/events", all);
    }

    private double rejected(BridgeHarness node, String limit) {
        var counter = node.metrics.registry().find("limits.rejected").tag("limit", limit).counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertRefused(RawHttp.Response refused, String code) throws Exception {
        assertEquals(429, refused.status(), refused.body());
        assertNotNull(refused.header("Retry-After"), "Retry-After is sent");
        assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1);
        assertEquals(code, json.readTree(refused.body()).path("error").asText());
    }

    private void closeSockets() {
        sockets.forEach(RawHttp::close);
        sockets.clear();
    }

    @Test
    void distinctWalletsFromOneAddressShareItsStreamCapWhileAnotherAddressIsServed() throws Exception {
        try (BridgeHarness node = BridgeHarness.start(dir, trusting())) {
            for (int wallet = 1; wallet <= STREAMS_PER_IP; wallet++) {
                assertEquals(200, stream(node, "127.0.0.2", wallet).status());
            }
            assertRefused(stream(node, "127.0.0.2", 99), "too_many_streams_for_address");
            assertEquals(1.0, rejected(node, "max-streams-per-ip"));
            assertEquals(200, stream(node, "127.0.0.3", 100).status(), "another address is still served");
        } finally {
            closeSockets();
        }
    }

    @Test
    void aTicketReconnectAtTheCapReplacesItsOwnStreamInsteadOfBeingRefused() {
        try (BridgeHarness node = BridgeHarness.start(dir, trusting())) {
            String ticket = node.auth.ticket(account(1));
            RawHttp first = RawHttp.connect("127.0.0.2", node.server.port());
            sockets.add(first);
            assertEquals(200, first.get("/events?ticket=" + ticket, "Accept: text/event-stream").status());
            for (int wallet = 2; wallet <= STREAMS_PER_IP; wallet++) assertEquals(200, stream(node, "127.0.0.2", wallet).status());
            // An EventSource reconnects with its ticket before the server noticed the old connection was gone.
            RawHttp again = RawHttp.connect("127.0.0.2", node.server.port());
            sockets.add(again);
            assertEquals(200, again.get("/events?ticket=" + ticket, "Accept: text/event-stream").status());
            StringBuilder rest = new StringBuilder();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!rest.toString().contains("\r\n0\r\n\r\n") && System.nanoTime() < deadline) {
                rest.append(first.readAvailable(Duration.ofMillis(500)));
            }
            assertTrue(rest.toString().contains("\r\n0\r\n\r\n"), "the replaced stream's response ended: " + rest);
        } finally {
            closeSockets();
        }
    }

    @Test
    void aForwardedForHeaderFromAnUntrustedPeerIsIgnored() throws Exception {
        try (BridgeHarness node = BridgeHarness.start(dir, trusting("10.0.0.0/8"))) {
            for (int wallet = 1; wallet <= STREAMS_PER_IP; wallet++) {
                assertEquals(200, stream(node, "127.0.0.2", wallet, "X-Forwarded-For: 198.51.100." + wallet).status());
            }
            // A fresh "address" in each header, in both syntaxes: the peer is still 127.0.0.2.
            assertRefused(stream(node, "127.0.0.2", 98, "X-Forwarded-For: 198.51.100.98"), "too_many_streams_for_address");
            assertRefused(stream(node, "127.0.0.2", 99, "Forwarded: for=198.51.100.99"), "too_many_streams_for_address");
        } finally {
            closeSockets();
        }
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedAddressIsTheClient() throws Exception {
        // 127.0.0.5 plays nginx; 10.1.2.3 an inner load balancer in front of it.
        try (BridgeHarness node = BridgeHarness.start(dir, trusting("127.0.0.5", "10.0.0.0/8"))) {
            for (int wallet = 1; wallet <= STREAMS_PER_IP; wallet++) {
                // Whatever the client wrote at the left of the chain changes nothing.
                String chain = "X-Forwarded-For: 192.0.2." + wallet + ", 203.0.113.5, 10.1.2.3";
                assertEquals(200, stream(node, "127.0.0.5", wallet, chain).status());
            }
            assertRefused(stream(node, "127.0.0.5", 98, "X-Forwarded-For: 192.0.2.98, 203.0.113.5", "X-Forwarded-For: 10.1.2.3"),
                    "too_many_streams_for_address");
            assertEquals(200, stream(node, "127.0.0.5", 99, "X-Forwarded-For: 203.0.113.6, 10.1.2.3").status(),
                    "another client behind the same proxy is served");

            // RFC 7239 Forwarded; IPv6 clients count per /64.
            for (int i = 1; i <= STREAMS_PER_IP; i++) {
                String forwarded = "Forwarded: for=\"[2001:db8:1:2::" + i + "]:4711\";proto=https, for=10.1.2.3";
                assertEquals(200, stream(node, "127.0.0.5", 200 + i, forwarded).status());
            }
            assertRefused(stream(node, "127.0.0.5", 210, "Forwarded: for=\"[2001:db8:1:2:ffff::9]\""),
                    "too_many_streams_for_address");
            assertEquals(200, stream(node, "127.0.0.5", 211, "Forwarded: for=\"[2001:db8:1:3::1]\"").status(),
                    "the next /64 is another client");
        } finally {
            closeSockets();
        }
    }

    @Test
    void historyIsRateLimitedPerAddress() throws Exception {
        try (BridgeHarness node = BridgeHarness.start(dir, trusting())) {
            String token = "Authorization: Bearer " + node.auth.token(account(1));
            try (RawHttp client = RawHttp.connect("127.0.0.2", node.server.port());
                 RawHttp other = RawHttp.connect("127.0.0.3", node.server.port())) {
                for (int i = 0; i < 3; i++) assertEquals(200, client.get("/events/history", token).status());
                RawHttp.Response refused = client.get("/events/history", token);
                assertRefused(refused, "rate_limited");
                assertTrue(Long.parseLong(refused.header("Retry-After")) <= 20, "one request every 20 s at 3/min");
                assertEquals(1.0, rejected(node, "history-per-minute-per-ip"));
                assertEquals(200, other.get("/events/history", token).status(), "another address has its own budget");
            }
        }
    }

    @Test
    void oversizeRequestLinesAndHeadersAreRefusedBeforeAnyHandlerAndTheServerKeepsServing() throws Exception {
        try (BridgeHarness node = BridgeHarness.start(dir, trusting())) {
            // Helidon's HTTP/1 limits (request line 2 KiB, header block 16 KiB) bound what is read before parsing.
            try (RawHttp socket = RawHttp.connect("127.0.0.1", node.server.port())) {
                RawHttp.Response longLine = socket.get("/events/history?invoiceId=" + "9".repeat(4_000));
                assertTrue(longLine.status() >= 400 && longLine.status() < 500, "request line: " + longLine);
            }
            try (RawHttp socket = RawHttp.connect("127.0.0.1", node.server.port())) {
                RawHttp.Response bigHeaders = socket.get("/health/live", "X-Filler: " + "a".repeat(20_000));
                assertTrue(bigHeaders.status() >= 400 && bigHeaders.status() < 500, "headers: " + bigHeaders);
            }
            try (RawHttp socket = RawHttp.connect("127.0.0.1", node.server.port())) {
                assertEquals(200, socket.get("/health/live").status());
            }
        }
    }

    @Test
    void aSocketThatNeverSendsARequestIsClosedAfterTheHeadTimeout() {
        try (BridgeHarness node = BridgeHarness.start(dir, server(List.of(), Duration.ofSeconds(1), 20_000));
             RawHttp silent = RawHttp.connect("127.0.0.2", node.server.port())) {
            assertTrue(silent.awaitClosedByServer(Duration.ofSeconds(10)), "closed by the server (Helidon alone: 5 minutes)");
            assertTrue(rejected(node, "request-head-timeout") >= 1);
        }
    }

    @Test
    void aHalfSentRequestHeadIsClosedAfterTheHeadTimeout() {
        try (BridgeHarness node = BridgeHarness.start(dir, server(List.of(), Duration.ofSeconds(1), 20_000));
             RawHttp prologueOnly = RawHttp.connect("127.0.0.2", node.server.port());
             RawHttp halfLine = RawHttp.connect("127.0.0.3", node.server.port())) {
            prologueOnly.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            halfLine.send("GET /health/li");
            assertTrue(prologueOnly.awaitClosedByServer(Duration.ofSeconds(10)), "headers never finished");
            assertTrue(halfLine.awaitClosedByServer(Duration.ofSeconds(10)), "request line never finished");
        }
    }

    @Test
    void aStreamLastingLongerThanTheHeadTimeoutIsNotCut() {
        UnaryOperator<AppConfig> config = c -> TestConfig.withStream(server(List.of(), Duration.ofMillis(500), 20_000).apply(c),
                new AppConfig.Stream(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMinutes(30), 64));
        try (BridgeHarness node = BridgeHarness.start(dir, config);
             SseClient client = node.stream("/events?token=" + node.auth.token(account(1)))) {
            assertEquals(200, client.status());
            client.nextNonComment();
            // Six head timeouts of a stream that sends nothing after its head.
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) assertNotNull(client.next(), "heartbeats keep coming");
            var e = event(100, 0, "pool.deposit", null, account(1));
            node.append(e);
            assertEquals(List.of(e.id()), client.messageIds(1));
            assertFalse(client.ended());
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreNotServedUntilOneCloses() {
        try (BridgeHarness node = BridgeHarness.start(dir, server(List.of(), Duration.ofSeconds(20), 2));
             RawHttp first = RawHttp.connect("127.0.0.2", node.server.port());
             RawHttp second = RawHttp.connect("127.0.0.2", node.server.port());
             RawHttp third = RawHttp.connect("127.0.0.3", node.server.port())) {
            assertEquals(200, first.get("/health/live").status());
            assertEquals(200, second.get("/health/live").status());
            third.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(third.silentFor(Duration.ofSeconds(2)), "the third connection is not accepted while two are open");
            first.close();
            assertEquals(200, third.readResponse().status(), "served once a slot is free");
        }
    }
}
