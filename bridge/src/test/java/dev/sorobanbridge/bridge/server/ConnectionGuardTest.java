package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.metrics.LimitMetrics;
import dev.sorobanbridge.bridge.support.RawHttp;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.WebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keep-alive side of the guard, with a short idle time (production: 75 s). */
class ConnectionGuardTest {
    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheKeepAliveIdleTime() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ConnectionGuard guard = new ConnectionGuard(Duration.ofSeconds(20), Duration.ofMillis(500),
                new LimitMetrics(meters), "test")) {
            WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                    .connectionOptions(guard.socketOptions(SocketOptions.create()))
                    .routing(r -> r.addFilter(guard).get("/", (req, res) -> res.send("ok")))
                    .build().start();
            try (RawHttp client = RawHttp.connect("127.0.0.2", server.port())) {
                assertEquals(200, client.get("/").status());
                assertEquals(200, client.get("/").status(), "kept alive between requests");
                assertTrue(client.awaitClosedByServer(Duration.ofSeconds(10)), "closed once idle (Helidon alone: 5 minutes)");
            } finally {
                server.stop();
            }
            assertEquals(1.0, meters.get("limits.rejected").tag("limit", "request-head-timeout").counter().count());
        }
    }
}
