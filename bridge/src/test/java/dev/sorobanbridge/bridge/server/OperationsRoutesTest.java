package dev.sorobanbridge.bridge.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.health.IndexerState;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.TestConfig;
import dev.sorobanbridge.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /metrics, /health, /events/stats, CORS, the management port and the indexer role's routes. */
class OperationsRoutesTest {
    private static final String A = account(1);
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void metricsExposeEveryStreamMetricOfDesignMdPlusJvmAndProcess() {
        try (BridgeHarness node = BridgeHarness.start(dir);
             SseClient client = node.stream("/events?token=" + node.auth.token(A))) {
            var e = event(100, 0, "pool.deposit", null, A);
            node.append(e);
            assertEquals(List.of(e.id()), client.messageIds(1));

            var response = node.get("/metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
            String text = response.body();
            for (String name : List.of("sse_connections{state=\"live\"}", "sse_connections{state=\"replaying\"}",
                    "sse_events_sent_total", "sse_slow_consumer_disconnects_total",
                    "sse_delivery_lag_seconds_count", "sse_delivery_lag_seconds_bucket",
                    "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "system_cpu_count",
                    "process_uptime_seconds")) {
                assertTrue(text.contains(name), "missing " + name);
            }
            assertTrue(text.contains("sse_connections{state=\"live\"} 1.0"), "one live stream");
            assertTrue(text.contains("sse_delivery_lag_seconds_count 1"), "one live delivery timed");
        }
    }

    @Test
    void readinessReportsRoleLeaderStoreAndLag() throws Exception {
        try (BridgeHarness node = BridgeHarness.start(dir)) {
            assertEquals(200, node.get("/health/live").statusCode());
            JsonNode ready = readyBody(node, 200);
            assertEquals("all", ready.path("role").asText());
            assertTrue(ready.path("leader").asBoolean());
            assertEquals("UP", ready.path("store").asText());

            node.indexer.set(new IndexerState(true, OptionalLong.of(11)));
            assertEquals("DOWN", readyBody(node, 503).path("indexer").asText(), "lag 11 > indexer.max-lag-ledgers 10");

            node.indexer.set(new IndexerState(true, OptionalLong.empty()));
            readyBody(node, 503);

            node.indexer.set(new IndexerState(false, OptionalLong.empty()));
            assertFalse(readyBody(node, 200).path("leader").asBoolean(), "a healthy standby is ready");

            node.database.close();
            JsonNode down = readyBody(node, 503);
            assertEquals("DOWN", down.path("store").asText());
            assertEquals(200, node.get("/health/live").statusCode(), "the process still lives");
        }
    }

    @Test
    void bridgeRoleReadinessHasNoLeaderField() throws Exception {
        try (BridgeHarness node = BridgeHarness.start(dir, Role.BRIDGE, c -> c)) {
            JsonNode ready = readyBody(node, 200);
            assertEquals("bridge", ready.path("role").asText());
            assertFalse(ready.has("leader"));
        }
    }

    @Test
    void indexerRoleServesOnlyMetricsAndHealth() {
        try (BridgeHarness node = BridgeHarness.start(dir, Role.INDEXER, c -> c)) {
            assertEquals(200, node.get("/metrics").statusCode());
            assertEquals(200, node.get("/health/ready").statusCode());
            assertEquals(404, node.get("/events?token=" + node.auth.token(A)).statusCode());
            assertEquals(404, node.get("/events/history?token=" + node.auth.token(A)).statusCode());
        }
    }

    @Test
    void statsAndMetricsAreOnlyOnTheManagementPortOnceOneIsConfigured() throws Exception {
        int managementPort;
        try (ServerSocket free = new ServerSocket(0)) {
            managementPort = free.getLocalPort();
        }
        try (BridgeHarness node = BridgeHarness.start(dir, c -> TestConfig.withServer(c,
                new AppConfig.Server("127.0.0.1", 0, managementPort, List.of(), c.server().shutdownDrain(), "127.0.0.1",
                        List.of(), Duration.ofSeconds(20), 20_000, false, null)));
             SseClient one = node.stream("/events?token=" + node.auth.token(A) + "&type=invoice.*");
             SseClient two = node.stream("/events?token=" + node.auth.token(A))) {
            one.next();
            two.next();
            assertEquals(404, node.get("/events/stats?token=" + node.auth.token(A, Instant.now().plusSeconds(60), true)).statusCode(),
                    "with a management port, statistics are there only");
            URI management = URI.create("http://127.0.0.1:" + node.server.managementPort());
            var open = BridgeHarness.send(HttpRequest.newBuilder(management.resolve("/events/stats")));
            assertEquals(200, open.statusCode());
            JsonNode stats = json.readTree(open.body());
            assertEquals(2, stats.path("connections").asInt());
            assertEquals(1, stats.path("subscriptionsByFilter").path("type=invoice.*").asInt());
            assertEquals(1, stats.path("subscriptionsByFilter").path("all").asInt());
            assertTrue(stats.path("queueDepths").has("max"));

            assertEquals(404, node.get("/metrics").statusCode(), "metrics moved to the management port");
            assertEquals(200, BridgeHarness.send(HttpRequest.newBuilder(management.resolve("/metrics"))).statusCode());
            assertEquals(200, BridgeHarness.send(HttpRequest.newBuilder(management.resolve("/health/ready"))).statusCode());
        }
    }

    @Test
    void corsAnswersPreflightsForAllowedOriginsAndAllowsLastEventId() {
        try (BridgeHarness node = BridgeHarness.start(dir, c -> TestConfig.withServer(c,
                new AppConfig.Server("127.0.0.1", 0, 0, List.of("https://app.example"), c.server().shutdownDrain(), "127.0.0.1",
                        List.of(), Duration.ofSeconds(20), 20_000, false, null)))) {
            var preflight = BridgeHarness.send(HttpRequest.newBuilder(node.uri("/events"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                    "Origin", "https://app.example", "Access-Control-Request-Method", "GET",
                    "Access-Control-Request-Headers", "last-event-id, authorization");
            assertEquals(204, preflight.statusCode());
            assertEquals("https://app.example", preflight.headers().firstValue("access-control-allow-origin").orElseThrow());
            String allowed = preflight.headers().firstValue("access-control-allow-headers").orElseThrow();
            assertTrue(allowed.contains("Last-Event-ID") && allowed.contains("Authorization"), allowed);
            assertTrue(preflight.headers().firstValue("access-control-allow-methods").orElseThrow().contains("GET"));

            var refused = BridgeHarness.send(HttpRequest.newBuilder(node.uri("/events"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                    "Origin", "https://evil.example", "Access-Control-Request-Method", "GET");
            assertEquals(403, refused.statusCode());
            assertFalse(refused.headers().firstValue("access-control-allow-origin").isPresent());

            var simple = node.get("/events/history?token=" + node.auth.token(A), "Origin", "https://app.example");
            assertEquals(200, simple.statusCode());
            assertEquals("https://app.example", simple.headers().firstValue("access-control-allow-origin").orElseThrow());
            var error = node.get("/events/history", "Origin", "https://app.example");
            assertEquals(401, error.statusCode());
            assertTrue(error.headers().firstValue("access-control-allow-origin").isPresent(), "errors are readable too");
        }
    }

    @Test
    void corsWildcardAllowsAnyOrigin() {
        try (BridgeHarness node = BridgeHarness.start(dir, c -> TestConfig.withServer(c,
                new AppConfig.Server("127.0.0.1", 0, 0, List.of("*"), c.server().shutdownDrain(), "127.0.0.1",
                        List.of(), Duration.ofSeconds(20), 20_000, false, null)))) {
            var simple = node.get("/health/live", "Origin", "http://localhost:3000");
            assertEquals("*", simple.headers().firstValue("access-control-allow-origin").orElseThrow());
        }
    }

    private JsonNode readyBody(BridgeHarness node, int status) throws Exception {
        var response = node.get("/health/ready");
        assertEquals(status, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
