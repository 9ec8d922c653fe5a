package dev.sorobanbridge.bridge.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.ActivityEventJson;
import dev.sorobanbridge.bridge.health.IndexerState;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.SseClient.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Map;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

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
        node = BridgeHarness.start(dir,
                Map.of("stream.retry", "3s", "stream.heartbeat", "300ms", "stream.queue-capacity", "64"));
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
            assertEquals("", connected.id(), "an empty log: an empty id line (nothing to resume after)");
            JsonNode hello = json.readTree(connected.data());
            assertFalse(hello.path("clientId").asText().isEmpty());
            assertTrue(Duration.between(Instant.parse(hello.path("serverTime").asText()), Instant.now()).abs().getSeconds() < 60);
            assertTrue(hello.has("lastEventId"), "connected carries lastEventId (null on an empty log)");
            assertTrue(hello.get("lastEventId").isNull());
            assertEquals(300, hello.path("heartbeatMs").asLong(), "the heartbeat period a client watchdog counts on");
            JsonNode head = hello.path("head");
            assertTrue(head.get("ledger").isNull() && head.get("ledgerClosedAt").isNull(), "an empty log has no head: " + head);
            assertTrue(head.has("lagLedgers"), head.toString());

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
    void idleStreamGetsNamedHeartbeatsCarryingTheIndexedHead() throws Exception {
        ActivityEvent newest = event(101, 2, "pool.deposit", null, account(2));
        node.append(event(100, 1, "pool.deposit", null, account(2)), newest);
        try (SseClient client = node.stream("/events?token=" + node.auth.token(account(1)))) {
            client.next();
            client.next();
            for (int i = 0; i < 2; i++) {
                Frame heartbeat = client.next(Duration.ofSeconds(5));
                assertEquals("heartbeat", heartbeat.event(), "a named event, visible to EventSource.addEventListener");
                assertNull(heartbeat.comment(), "no comment heartbeats any more");
                assertNull(heartbeat.id(), "a heartbeat does not move Last-Event-ID");
                JsonNode head = json.readTree(heartbeat.data());
                assertEquals(101, head.path("ledger").asLong());
                assertEquals(newest.ledgerClosedAt(), Instant.parse(head.path("ledgerClosedAt").asText()));
                assertTrue(head.has("lagLedgers"), "lagLedgers is always present: " + head);
            }
        }
    }

    @Test
    void theHeartbeatFollowsTheHeadAsLedgersAreIndexed() throws Exception {
        try (SseClient client = node.stream("/events?token=" + node.auth.token(account(1)) + "&invoiceId=999999")) {
            client.next();
            client.next();
            assertTrue(json.readTree(client.next(Duration.ofSeconds(5)).data()).get("ledger").isNull());
            node.append(event(120, 0, "pool.deposit", null, account(2)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long ledger = -1;
            while (ledger != 120 && System.nanoTime() < deadline) {
                Frame f = client.next(Duration.ofSeconds(5));
                assertEquals("heartbeat", f.event(), "the filter matches nothing: only heartbeats, got " + f);
                ledger = json.readTree(f.data()).path("ledger").asLong(-1);
            }
            assertEquals(120, ledger, "a quiet filter still sees the indexed head move");

            node.indexer.set(new IndexerState(true, OptionalLong.of(7)));
            long lag = -1;
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lag != 7 && System.nanoTime() < deadline) {
                lag = json.readTree(client.next(Duration.ofSeconds(5)).data()).path("lagLedgers").asLong(-1);
            }
            assertEquals(7, lag, "the lag this node's indexer measured");
        }
    }

    @Test
    void connectedCarriesTheIdTheStreamContinuesAfterAsItsIdLine() throws Exception {
        node.append(event(100, 1, "pool.deposit", null, account(1)), event(101, 1, "pool.deposit", null, account(1)));
        String head = node.log().newestId().orElseThrow();
        try (SseClient client = node.stream("/events?token=" + node.auth.token(account(1)))) {
            client.next();
            Frame connected = client.next();
            assertEquals(head, connected.id(), "a plain EventSource reconnects with this Last-Event-ID");
            JsonNode hello = json.readTree(connected.data());
            assertEquals(head, hello.get("lastEventId").asText(), "a new client starts at the head");
            assertEquals(101, hello.path("head").path("ledger").asLong());
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
