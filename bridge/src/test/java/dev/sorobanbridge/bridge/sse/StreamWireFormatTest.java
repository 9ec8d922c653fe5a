package dev.sorobanbridge.bridge.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.ActivityEventJson;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.SseClient.Frame;
import dev.sorobanbridge.bridge.support.TestConfig;
import dev.sorobanbridge.config.AppConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamWireFormatTest {
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;
    private BridgeHarness node;

    @BeforeEach
    void start() {
        node = BridgeHarness.start(dir, c -> TestConfig.withStream(c,
                new AppConfig.Stream(Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofMinutes(30), 64)));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void streamStartsWithRetryThenConnectedThenSendsUnnamedEventsWithIds() throws Exception {
        String wallet = account(1);
        try (SseClient client = node.stream("/events?token=" + node.auth.token(wallet))) {
            assertEquals(200, client.status());
            assertEquals("text/event-stream", client.headers().firstValue("content-type").orElseThrow());
            assertEquals("no-cache", client.headers().firstValue("cache-control").orElseThrow());
            assertEquals("no", client.headers().firstValue("x-accel-buffering").orElseThrow());

            Frame retry = client.next();
            assertNotNull(retry.retry(), "the first frame is retry:");
            long retryMillis = Long.parseLong(retry.retry());
            assertTrue(retryMillis >= 2400 && retryMillis <= 3600, "retry jittered ±20 % around 3000 ms: " + retryMillis);

            Frame connected = client.next();
            assertEquals("connected", connected.event());
            JsonNode hello = json.readTree(connected.data());
            assertFalse(hello.path("clientId").asText().isEmpty());
            assertTrue(Duration.between(Instant.parse(hello.path("serverTime").asText()), Instant.now()).abs().getSeconds() < 60);
            assertTrue(hello.has("lastEventId"), "connected carries lastEventId (null on an empty log)");
            assertTrue(hello.get("lastEventId").isNull());

            ActivityEvent funded = event(100, 1, "invoice.funded", "42", wallet);
            node.append(funded);
            Frame message = client.nextNonComment();
            assertNull(message.event(), "activity events are unnamed so onmessage gets them");
            assertEquals(funded.id(), message.id());
            assertFalse(message.data().contains("\n"));
            assertEquals(json.readTree(new ActivityEventJson().write(funded)), json.readTree(message.data()));
        }
    }

    @Test
    void idleStreamGetsPingComments() {
        try (SseClient client = node.stream("/events?token=" + node.auth.token(account(1)))) {
            client.next();
            client.next();
            Frame ping = client.next(Duration.ofSeconds(5));
            assertEquals("ping", ping.comment());
            assertEquals("ping", client.next(Duration.ofSeconds(5)).comment(), "pings keep coming");
        }
    }

    @Test
    void connectedReportsTheIdTheStreamContinuesAfter() throws Exception {
        node.append(event(100, 1, "pool.deposit", null, account(1)), event(101, 1, "pool.deposit", null, account(1)));
        try (SseClient client = node.stream("/events?token=" + node.auth.token(account(1)))) {
            client.next();
            JsonNode hello = json.readTree(client.next().data());
            assertEquals(node.log().newestId().orElseThrow(), hello.get("lastEventId").asText(),
                    "a new client starts at the head");
        }
    }

    @Test
    void missingCredentialsAre401Json() throws Exception {
        var response = node.get("/events");
        assertEquals(401, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("missing_credentials", json.readTree(response.body()).path("error").asText());
    }
}
