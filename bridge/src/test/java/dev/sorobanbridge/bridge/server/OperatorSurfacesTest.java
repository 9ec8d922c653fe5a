package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.RawHttp;
import dev.sorobanbridge.bridge.support.TestConfig;
import dev.sorobanbridge.config.AppConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.function.UnaryOperator;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The management port (its own interface, the only home of /metrics and /events/stats) and the access log. */
class OperatorSurfacesTest {
    private final List<String> accessLines = new CopyOnWriteArrayList<>();
    private final Logger accessLogger = Logger.getLogger("dev.sorobanbridge.bridge.access");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            accessLines.add(record.getMessage());
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    };
    @TempDir
    Path dir;

    @BeforeEach
    void captureAccessLog() {
        accessLogger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        accessLogger.removeHandler(capture);
    }

    private static UnaryOperator<AppConfig> server(int managementPort, String managementHost, List<String> trusted, boolean accessLog) {
        return c -> {
            AppConfig.Server s = c.server();
            return TestConfig.withServer(c, new AppConfig.Server(s.host(), s.port(), managementPort, s.corsAllowedOrigins(),
                    s.shutdownDrain(), managementHost, trusted, s.requestHeadTimeout(), s.maxConnections(), accessLog, s.tls()));
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Test
    void metricsAndStatsMoveToTheManagementPortWhichBindsTheManagementHost() throws Exception {
        int port = freePort();
        try (BridgeHarness node = BridgeHarness.start(dir, server(port, "127.0.0.2", List.of(), false))) {
            String admin = "Authorization: Bearer " + node.auth.token(account(1), Instant.now().plusSeconds(600), true);
            try (RawHttp public_ = RawHttp.connect("127.0.0.1", node.server.port())) {
                assertEquals(404, public_.get("/metrics").status());
                assertEquals(404, public_.get("/events/stats", admin).status(), "not even for an admin");
            }
            assertEquals(port, node.server.managementPort());
            try (RawHttp management = RawHttp.connect("127.0.0.1", "127.0.0.2", port)) {
                RawHttp.Response metrics = management.get("/metrics");
                assertEquals(200, metrics.status());
                assertTrue(metrics.body().contains("sse_connections"));
                assertEquals(200, management.get("/events/stats").status());
            }
            // server.host is 127.0.0.1; the management port listens on management-host only.
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }

    @Test
    void withoutAManagementPortMetricsAndAdminStatsStayOnTheMainPort() {
        try (BridgeHarness node = BridgeHarness.start(dir, server(0, "127.0.0.1", List.of(), false))) {
            assertEquals(200, node.get("/metrics").statusCode());
            String admin = node.auth.token(account(1), Instant.now().plusSeconds(600), true);
            assertEquals(200, node.get("/events/stats", "Authorization", "Bearer " + admin).statusCode());
            assertEquals(-1, node.server.managementPort());
        }
    }

    @Test
    void theAccessLogHasOneLinePerRequestWithTheClientAddressAndNoCredentials() throws Exception {
        // A short heartbeat: the server notices the closed stream, and logs it, on its next write.
        UnaryOperator<AppConfig> config = c -> TestConfig.withStream(server(0, "127.0.0.1", List.of("127.0.0.5"), true).apply(c),
                new AppConfig.Stream(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMinutes(30), 64));
        try (BridgeHarness node = BridgeHarness.start(dir, config)) {
            String token = node.auth.token(account(1));
            String ticket = node.auth.ticket(account(1));
            try (RawHttp proxy = RawHttp.connect("127.0.0.5", node.server.port());
                 RawHttp direct = RawHttp.connect("127.0.0.3", node.server.port())) {
                assertEquals(200, proxy.get("/events/history?token=" + token + "&type=invoice.*",
                        "X-Forwarded-For: 203.0.113.9").status());
                assertEquals(401, direct.get("/events/history?token=not-a-token").status());
            }
            try (RawHttp stream = RawHttp.connect("127.0.0.4", node.server.port())) {
                assertEquals(200, stream.get("/events?ticket=" + ticket + "&lastEventId=", "Accept: text/event-stream").status());
            }
            awaitLines(3);
            String history = line("/events/history?token=REDACTED&type=invoice.*");
            assertTrue(history.matches("203\\.0\\.113\\.9 GET /events/history\\?token=REDACTED&type=invoice\\.\\* 200 \\d+ms"), history);
            assertTrue(line("/events/history?token=REDACTED ").matches("127\\.0\\.0\\.3 GET .* 401 \\d+ms"), "errors too");
            assertTrue(line("/events?ticket=REDACTED&lastEventId=").matches("127\\.0\\.0\\.4 GET \\S+ 200 \\d+ms"), "a stream, once it ended");
            for (String l : accessLines) {
                assertFalse(l.contains(token) || l.contains(ticket) || l.contains("not-a-token"), "a credential leaked: " + l);
            }
        }
    }

    private void awaitLines(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (accessLines.size() < n && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(accessLines.size() >= n, "access log: " + accessLines);
    }

    private String line(String containing) {
        return accessLines.stream().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + containing + " in " + accessLines));
    }
}
