package dev.sorobanbridge.bridge.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.ActivityEventJson;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.SseClient.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
    void newestFirstPagesBackWithBeforeUntilNextIsNull() throws Exception {
        List<ActivityEvent> events = deposits(100, 25, WALLET);
        node.append(events);
        List<String> newestFirst = ids(events).reversed();
        String head = events.getLast().id();

        JsonNode first = page("order=desc&limit=10");
        assertEquals(newestFirst.subList(0, 10), ids(first));
        assertEquals(head, first.path("head").asText());
        assertEquals(events.get(15).id(), first.path("next").asText(), "next is the before of the next older page");
        JsonNode second = page("order=desc&limit=10&before=" + first.path("next").asText());
        assertEquals(newestFirst.subList(10, 20), ids(second));
        assertEquals(head, second.path("head").asText());
        JsonNode last = page("order=desc&limit=10&before=" + second.path("next").asText());
        assertEquals(newestFirst.subList(20, 25), ids(last));
        assertTrue(last.get("next").isNull(), "null at the start: " + last);

        JsonNode exact = page("order=desc&limit=5&before=" + events.get(5).id());
        assertEquals(newestFirst.subList(20, 25), ids(exact));
        assertTrue(exact.get("next").isNull(), "a page that reaches the oldest event says so, without an empty page after it");
        assertEquals(newestFirst.subList(0, 3), ids(page("order=desc&limit=3&after=" + events.get(21).id())),
                "after bounds a newest-first read from below");
    }

    @Test
    void newestFirstFiltersAndReportsTheHeadEvenWhenNothingMatched() throws Exception {
        node.append(event(100, 0, "invoice.created", "7", WALLET), event(100, 1, "invoice.funded", "7", account(2)));
        node.append(deposits(101, 5, account(2)));
        String head = node.log().newestId().orElseThrow();

        JsonNode mine = page("order=desc&wallet=me");
        assertEquals(List.of(id(100, 0)), ids(mine));
        assertEquals(head, mine.path("head").asText(), "the log's head, not the newest match");
        assertTrue(mine.get("next").isNull());
        JsonNode nothing = page("order=desc&type=invoice.paid");
        assertEquals(List.of(), ids(nothing));
        assertEquals(head, nothing.path("head").asText());
        assertEquals(head, page("").path("head").asText(), "forward pages carry the head too");
    }

    @Test
    void anEmptyLogHasANullHead() throws Exception {
        JsonNode desc = page("order=desc");
        assertTrue(desc.get("head").isNull() && desc.get("next").isNull(), desc.toString());
        assertTrue(page("").get("head").isNull());
    }

    @Test
    void badOrderAndBeforeValuesAre400NamingTheParameter() throws Exception {
        for (String[] bad : new String[][]{
                {"order=newest", "bad_order", "order"},
                {"order=DESC", "bad_order", "order"},
                {"order=desc&before=12", "bad_event_id", "before"},
                {"order=desc&before=" + id(100, 1) + "x", "bad_event_id", "before"},
                {"before=" + id(100, 1), "bad_before", "before"},
                {"order=asc&before=" + id(100, 1), "bad_before", "before"},
                {"order=desc&limit=0", "bad_limit", "limit"}}) {
            var response = node.get("/events/history?token=" + token + "&" + bad[0]);
            assertEquals(400, response.statusCode(), bad[0]);
            JsonNode body = json.readTree(response.body());
            assertEquals(bad[1], body.path("error").asText(), bad[0] + " -> " + response.body());
            assertTrue(body.path("message").asText().contains(bad[2]), bad[0] + " -> " + response.body());
        }
    }

    /**
     * The page-load pattern of a dApp: the newest N of its filter, then the stream from the head that
     * page reported, while the indexer keeps appending. Clients start at staggered moments during the
     * appends; each ends up with exactly the matching events from its page's oldest on: none missing at
     * the seam, none twice.
     */
    @Test
    void newestPageThenStreamFromItsHeadHasNoGapAndNoDuplicateUnderConcurrentAppends() throws Exception {
        String other = account(2);
        int ledgers = 200;
        List<ActivityEvent> all = new ArrayList<>();
        for (int ledger = 1000; ledger < 1000 + ledgers; ledger++) {
            all.add(event(ledger, 0, "pool.deposit", null, WALLET));
            all.add(event(ledger, 1, "pool.deposit", null, other));
            all.add(event(ledger, 2, "invoice.funded", "9", WALLET, other));
        }
        node.append(all.subList(0, 30));
        List<String> mine = ids(all.stream().filter(e -> e.wallets().contains(WALLET)).toList());
        AtomicBoolean appending = new AtomicBoolean(true);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 30; i < all.size(); i += 3) {
                    node.append(all.subList(i, i + 3));
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                appending.set(false);
            }
        });
        int clients = 12;
        AtomicInteger raced = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long startAfter = c * 150L;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(startAfter);
                    JsonNode newest = page("order=desc&limit=4&wallet=me");
                    if (appending.get()) raced.incrementAndGet();
                    List<String> union = new ArrayList<>(ids(newest).reversed());
                    String head = newest.path("head").asText();
                    int from = mine.indexOf(union.getFirst());
                    try (SseClient client = node.stream("/events?token=" + token + "&wallet=me&lastEventId=" + head)) {
                        union.addAll(client.messageIds(mine.size() - from - union.size()));
                        if (client.poll(Duration.ofMillis(300)).filter(Frame::isMessage).isPresent()) {
                            failures.add("a duplicate after the last event, page at head " + head);
                        }
                    }
                    if (!mine.subList(from, mine.size()).equals(union)) {
                        failures.add("page at head " + head + ": " + union + " instead of " + mine.subList(from, mine.size()));
                    }
                } catch (Throwable t) {
                    failures.add(t.toString());
                }
            }));
        }
        for (Thread t : threads) t.join();
        writer.join();
        assertEquals(List.of(), failures);
        assertTrue(raced.get() >= clients / 2, "clients raced the writer: " + raced.get());
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
