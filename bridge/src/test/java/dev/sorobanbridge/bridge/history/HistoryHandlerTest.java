package dev.sorobanbridge.bridge.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.ActivityEventJson;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.deposits;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static dev.sorobanbridge.bridge.support.TestEvents.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryHandlerTest {
    private static final String WALLET = account(1);
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;
    private BridgeHarness node;
    private String token;

    @BeforeEach
    void start() {
        node = BridgeHarness.start(dir);
        token = node.auth.token(WALLET);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void pagesFollowNextUntilTheHead() throws Exception {
        List<ActivityEvent> events = deposits(100, 25, WALLET);
        node.append(events);

        JsonNode first = page("limit=10");
        assertEquals(ids(events.subList(0, 10)), ids(first));
        assertEquals(events.get(9).id(), first.path("next").asText(), "a full page continues after its last event");
        JsonNode second = page("limit=10&after=" + first.path("next").asText());
        assertEquals(ids(events.subList(10, 20)), ids(second));
        JsonNode third = page("limit=10&after=" + second.path("next").asText());
        assertEquals(ids(events.subList(20, 25)), ids(third));
        assertEquals(events.get(24).id(), third.path("next").asText());
        JsonNode done = page("limit=10&after=" + third.path("next").asText());
        assertEquals(List.of(), ids(done));
        assertEquals(events.get(24).id(), done.path("next").asText());
    }

    @Test
    void eventsAreTheStoredWireJson() throws Exception {
        ActivityEvent funded = event(100, 3, "invoice.funded", "42", WALLET);
        node.append(funded);
        JsonNode only = page("").path("events").get(0);
        assertEquals(json.readTree(new ActivityEventJson().write(funded)), only);
    }

    @Test
    void exhaustedHistoryPointsAtTheLogHeadEvenWhenNothingMatched() throws Exception {
        node.append(event(100, 0, "invoice.created", "7", WALLET));
        node.append(deposits(101, 5, WALLET));
        String head = node.log().newestId().orElseThrow();

        JsonNode nothing = page("type=invoice.paid");
        assertEquals(List.of(), ids(nothing));
        assertEquals(head, nothing.path("next").asText());

        JsonNode someEarly = page("invoiceId=7");
        assertEquals(1, someEarly.path("events").size());
        assertEquals(head, someEarly.path("next").asText(), "next skips the non-matching events after the last match");
    }

    @Test
    void emptyLogAnswersTheAfterValueOrNull() throws Exception {
        assertTrue(page("").get("next").isNull());
        assertEquals(id(100, 1), page("after=" + id(100, 1)).path("next").asText());
    }

    @Test
    void defaultLimitIs100AndTheMaximum1000() throws Exception {
        node.append(deposits(100, 150, WALLET));
        assertEquals(100, page("").path("events").size());
        assertEquals(150, page("limit=1000").path("events").size());
    }

    @Test
    void historyThenStreamFromNextMissesNothingStoredInBetween() throws Exception {
        node.append(deposits(100, 3, WALLET));
        JsonNode history = page("wallet=me");
        assertEquals(3, history.path("events").size());
        ActivityEvent between = event(200, 0, "pool.deposit", null, WALLET);
        node.append(between);
        try (SseClient client = node.stream("/events?token=" + token + "&wallet=me&lastEventId=" + history.path("next").asText())) {
            assertEquals(List.of(between.id()), client.messageIds(1));
        }
    }

    @Test
    void historyNeedsCredentials() {
        assertEquals(401, node.get("/events/history").statusCode());
    }

    private JsonNode page(String query) throws Exception {
        var response = node.get("/events/history?token=" + token + (query.isEmpty() ? "" : "&" + query));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        return json.readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("events").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    private static List<String> ids(List<ActivityEvent> events) {
        return events.stream().map(ActivityEvent::id).toList();
    }
}
