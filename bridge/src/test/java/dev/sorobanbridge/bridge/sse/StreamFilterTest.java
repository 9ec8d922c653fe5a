package dev.sorobanbridge.bridge.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.SseClient.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each filter alone and combined selects exactly the matching events, on replay, live and in history. */
class StreamFilterTest {
    private static final String A = account(1);
    private static final String B = account(2);
    private static final String C = account(3);
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;
    private BridgeHarness node;
    private String tokenOfB;

    @BeforeEach
    void start() {
        node = BridgeHarness.start(dir,
                Map.of("stream.heartbeat", "200ms", "stream.queue-capacity", "64"));
        tokenOfB = node.auth.token(B);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** e1..e6 in ledgers first+1..first+6, by label. */
    private static Map<String, ActivityEvent> catalogue(long first) {
        Map<String, ActivityEvent> events = new LinkedHashMap<>();
        events.put("e1", event(first + 1, 0, "invoice.created", "1", A));
        events.put("e2", event(first + 2, 0, "invoice.funded", "1", A, B));
        events.put("e3", event(first + 3, 0, "pool.deposit", null, B));
        events.put("e4", event(first + 4, 0, "pool.funded", "2", C));
        events.put("e5", event(first + 5, 0, "invoice.paid", "2", C, A));
        events.put("e6", event(first + 6, 0, "pool.util_warn", null));
        return events;
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("", List.of("e1", "e2", "e3", "e4", "e5", "e6")),
                Arguments.of("invoiceId=1", List.of("e1", "e2")),
                Arguments.of("invoiceId=1,2", List.of("e1", "e2", "e4", "e5")),
                Arguments.of("invoiceId=1&invoiceId=2", List.of("e1", "e2", "e4", "e5")),
                Arguments.of("invoiceId=001", List.of("e1", "e2")),
                Arguments.of("wallet=" + A, List.of("e1", "e2", "e5")),
                Arguments.of("wallet=me", List.of("e2", "e3")),
                Arguments.of("wallet=me," + C, List.of("e2", "e3", "e4", "e5")),
                Arguments.of("contract=pool", List.of("e3", "e4", "e6")),
                Arguments.of("contract=invoice", List.of("e1", "e2", "e5")),
                Arguments.of("type=invoice.funded", List.of("e2")),
                Arguments.of("type=pool.*", List.of("e3", "e4", "e6")),
                Arguments.of("type=invoice.*,pool.deposit", List.of("e1", "e2", "e3", "e5")),
                Arguments.of("contract=invoice&wallet=" + A + "&invoiceId=2", List.of("e5")),
                Arguments.of("type=invoice.*&wallet=" + C, List.of("e5")),
                Arguments.of("contract=pool&type=invoice.*", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("filters")
    void replayAndHistorySelectExactlyTheMatchingEvents(String filter, List<String> expected) throws Exception {
        ActivityEvent anchor = event(100, 0, "pool.deposit", null, A);
        node.append(anchor);
        Map<String, ActivityEvent> events = catalogue(100);
        node.append(new ArrayList<>(events.values()));
        List<String> expectedIds = expected.stream().map(label -> events.get(label).id()).toList();

        try (SseClient client = node.stream("/events?token=" + tokenOfB + "&lastEventId=" + anchor.id() + "&" + filter)) {
            assertEquals(200, client.status(), client.errorBody());
            assertEquals(expectedIds, client.messageIds(expectedIds.size()));
            assertNoMoreMessagesBeforeTwoPings(client);
        }

        var history = json.readTree(node.get("/events/history?token=" + tokenOfB + "&after=" + anchor.id() + "&" + filter).body());
        List<String> historyIds = new ArrayList<>();
        history.path("events").forEach(e -> historyIds.add(e.path("id").asText()));
        assertEquals(expectedIds, historyIds);
    }

    @Test
    void liveDeliveryAppliesEveryFilter() {
        node.append(event(100, 0, "pool.deposit", null, A));
        Map<String, SseClient> clients = new LinkedHashMap<>();
        Map<String, List<String>> expectations = new LinkedHashMap<>();
        Map<String, ActivityEvent> events = catalogue(200);
        try {
            filters().forEach(arguments -> {
                String filter = (String) arguments.get()[0];
                @SuppressWarnings("unchecked") List<String> labels = (List<String>) arguments.get()[1];
                SseClient client = node.stream("/events?token=" + tokenOfB + "&" + filter);
                assertEquals(200, client.status(), client.errorBody());
                client.next();
                client.next(); // retry, connected
                clients.put(filter, client);
                expectations.put(filter, labels.stream().map(l -> events.get(l).id()).toList());
            });
            node.append(new ArrayList<>(events.values()));
            clients.forEach((filter, client) -> {
                assertEquals(expectations.get(filter), client.messageIds(expectations.get(filter).size()), filter);
                assertNoMoreMessagesBeforeTwoPings(client);
            });
        } finally {
            clients.values().forEach(SseClient::close);
        }
    }

    @Test
    void badFiltersAndIdsAre400JsonNamingTheParameterWhileAnotherStreamKeepsFlowing() throws Exception {
        String token = node.auth.token(A);
        try (SseClient healthy = node.stream("/events?token=" + token)) {
            healthy.next();
            healthy.next();
            Map<String, String> badRequests = new LinkedHashMap<>();
            badRequests.put("/events?wallet=GABC", "wallet");
            badRequests.put("/events?wallet=" + A.substring(0, 55) + "X", "wallet");
            badRequests.put("/events?wallet=CAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "wallet");
            badRequests.put("/events?contract=token", "contract");
            badRequests.put("/events?type=invoice", "type");
            badRequests.put("/events?type=swap.*", "type");
            badRequests.put("/events?type=invoice.fund%20ed", "type");
            badRequests.put("/events?invoiceId=-1", "invoiceId");
            badRequests.put("/events?invoiceId=18446744073709551616", "invoiceId");
            badRequests.put("/events?invoiceId=abc", "invoiceId");
            badRequests.put("/events?invoiceId=1,,2", "invoiceId");
            badRequests.put("/events?wallet=", "wallet");
            badRequests.put("/events?lastEventId=42", "lastEventId");
            badRequests.put("/events/history?after=0016010972359577600", "after");
            badRequests.put("/events/history?limit=0", "limit");
            badRequests.put("/events/history?limit=1001", "limit");
            badRequests.put("/events/history?limit=ten", "limit");
            badRequests.put("/events/history?type=" + URLEncoder.encode("pool.<script>", StandardCharsets.UTF_8), "type");
            for (var bad : badRequests.entrySet()) {
                var response = node.get(bad.getKey() + "&token=" + token);
                assertEquals(400, response.statusCode(), bad.getKey());
                assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
                JsonNode body = json.readTree(response.body());
                assertTrue(body.path("error").asText().startsWith("bad_"), response.body());
                assertTrue(body.path("message").asText().contains(bad.getValue()), bad.getKey() + " -> " + response.body());
            }
            var badHeader = node.get("/events?token=" + token, "Last-Event-ID", "not-an-id");
            assertEquals(400, badHeader.statusCode());
            assertTrue(json.readTree(badHeader.body()).path("message").asText().contains("Last-Event-ID"));

            ActivityEvent after = event(300, 0, "invoice.funded", "7", A);
            node.append(after);
            assertEquals(List.of(after.id()), healthy.messageIds(1));
        }
    }

    @Test
    void unknownParametersAreIgnored() {
        node.append(event(100, 0, "pool.deposit", null, A));
        try (SseClient client = node.stream("/events?token=" + tokenOfB + "&_=1700000000&walet=nothing")) {
            assertEquals(200, client.status());
        }
    }

    @Test
    void tooManyValuesForOneParameterIs400() throws Exception {
        String many = String.join(",", Stream.iterate(1, i -> i + 1).limit(101).map(String::valueOf).toList());
        var response = node.get("/events/history?token=" + tokenOfB + "&invoiceId=" + many);
        assertEquals(400, response.statusCode());
        assertTrue(json.readTree(response.body()).path("message").asText().contains("invoiceId"));
    }

    private static void assertNoMoreMessagesBeforeTwoPings(SseClient client) {
        int heartbeats = 0;
        while (heartbeats < 2) {
            Frame f = client.next(Duration.ofSeconds(5));
            if ((f.retry() != null && f.data() == null) || "connected".equals(f.event())) continue;
            assertEquals("heartbeat", f.event(), "expected only heartbeats after the matching events, got " + f);
            heartbeats++;
        }
    }
}
