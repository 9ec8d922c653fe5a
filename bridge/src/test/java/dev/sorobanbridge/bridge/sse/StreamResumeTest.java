package dev.sorobanbridge.bridge.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.SseClient.Frame;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.Gap;
import dev.sorobanbridge.log.Retention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.deposits;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static dev.sorobanbridge.bridge.support.TestEvents.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamResumeTest {
    private static final String WALLET = account(1);
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;
    private BridgeHarness node;
    private String token;
    private List<ActivityEvent> stored;

    @BeforeEach
    void start() {
        node = BridgeHarness.start(dir, Map.of("stream.queue-capacity", "1024"));
        token = node.auth.token(WALLET);
        stored = deposits(100, 5, WALLET);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void lastEventIdHeaderGetsExactlyTheMissedEventsThenLiveOnes() {
        node.append(stored);
        try (SseClient client = SseClient.open(node.uri("/events?token=" + token), Map.of("Last-Event-ID", stored.get(1).id()))) {
            assertEquals(ids(stored.subList(2, 5)), client.messageIds(3));
            ActivityEvent live = event(200, 0, "pool.deposit", null, WALLET);
            node.append(live);
            assertEquals(List.of(live.id()), client.messageIds(1));
        }
    }

    @Test
    void lastEventIdQueryParameterResumesTheFirstConnectionAfterAHistoryLoad() {
        node.append(stored);
        try (SseClient client = node.stream("/events?token=" + token + "&lastEventId=" + stored.get(0).id())) {
            assertEquals(ids(stored.subList(1, 5)), client.messageIds(4));
        }
    }

    @Test
    void headerWinsOverTheQueryParameter() throws Exception {
        node.append(stored);
        try (SseClient client = SseClient.open(node.uri("/events?token=" + token + "&lastEventId=" + stored.get(0).id()),
                Map.of("Last-Event-ID", stored.get(3).id()))) {
            client.next(); // retry
            Frame connected = client.next();
            assertEquals(stored.get(3).id(), json.readTree(connected.data()).path("lastEventId").asText());
            assertEquals(stored.get(3).id(), connected.id(), "the id line repeats where the stream continues");
            assertEquals(ids(stored.subList(4, 5)), client.messageIds(1));
        }
    }

    @Test
    void resumeFromAPrunedIdGetsResetThenLiveEventsFromTheHead() throws Exception {
        node.append(deposits(100, 10, WALLET));
        node.log().prune(new Retention(null, 5));
        String oldest = node.log().oldestId().orElseThrow();
        assertEquals(id(105, 1), oldest);
        try (SseClient client = SseClient.open(node.uri("/events?token=" + token), Map.of("Last-Event-ID", id(101, 1)))) {
            JsonNode reset = expectReset(client);
            assertEquals("pruned", reset.path("reason").asText());
            assertEquals(node.log().newestId().orElseThrow(), lastResetId,
                    "reset's id line: the stream continues after the head, and the browser forgets the pruned id");
            assertEquals(oldest, reset.path("oldestEventId").asText());
            ActivityEvent live = event(300, 0, "pool.deposit", null, WALLET);
            node.append(live);
            assertEquals(List.of(live.id()), client.messageIds(1), "after a reset the stream continues from the head");
        }
    }

    @Test
    void resumeFromAnIdNewerThanTheHeadGetsResetNotASilentWait() throws Exception {
        node.append(stored);
        try (SseClient client = SseClient.open(node.uri("/events?token=" + token), Map.of("Last-Event-ID", id(999_999, 0)))) {
            JsonNode reset = expectReset(client);
            assertEquals("unknown_id", reset.path("reason").asText());
            assertEquals(stored.get(0).id(), reset.path("oldestEventId").asText());
            ActivityEvent live = event(300, 0, "pool.deposit", null, WALLET);
            node.append(live);
            assertEquals(List.of(live.id()), client.messageIds(1));
        }
    }

    @Test
    void resumeAgainstAnEmptyLogGetsReset() throws Exception {
        try (SseClient client = SseClient.open(node.uri("/events?token=" + token), Map.of("Last-Event-ID", id(100, 1)))) {
            JsonNode reset = expectReset(client);
            assertEquals("unknown_id", reset.path("reason").asText());
            assertTrue(reset.get("oldestEventId").isNull());
            assertEquals("", lastResetId, "an empty id line clears the unknown id in the browser");
        }
    }

    @Test
    void resumeFromBeforeARecordedGapGetsResetAndFromAfterItDoesNot() throws Exception {
        node.append(stored.subList(0, 3));
        node.writer.appendGap(new Gap(103, 150, stored.get(2).id(), Instant.now()), Cursor.startAt(151));
        ActivityEvent afterGap = event(151, 0, "pool.deposit", null, WALLET);
        node.append(afterGap);

        try (SseClient client = SseClient.open(node.uri("/events?token=" + token), Map.of("Last-Event-ID", stored.get(1).id()))) {
            JsonNode reset = expectReset(client);
            assertEquals("gap", reset.path("reason").asText());
            assertEquals(stored.get(0).id(), reset.path("oldestEventId").asText());
        }
        try (SseClient client = SseClient.open(node.uri("/events?token=" + token), Map.of("Last-Event-ID", afterGap.id()))) {
            ActivityEvent live = event(160, 0, "pool.deposit", null, WALLET);
            node.append(live);
            assertEquals(List.of(live.id()), client.messageIds(1), "no reset: nothing was skipped after this id");
        }
    }

    /**
     * Clients connect at random moments while the indexer appends: each must receive exactly the log's
     * events after its resume id, in order: nothing lost, nothing twice at the replay/live seam.
     */
    @Test
    void noGapAndNoDuplicateAtTheSeamBetweenReplayAndLive() throws Exception {
        int batches = 60;
        int perBatch = 5;
        node.append(deposits(100, 5, WALLET));
        String lastId = id(1000 + batches - 1, perBatch - 1);
        List<List<String>> received = new CopyOnWriteArrayList<>();
        List<String> resumeIds = new CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();

        Thread writer = Thread.ofVirtual().start(() -> {
            for (int b = 0; b < batches; b++) {
                List<ActivityEvent> batch = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) batch.add(event(1000 + b, i, "pool.deposit", null, WALLET));
                node.append(batch);
                if (b % 6 == 0) {
                    String resumeFrom = node.log().newestId().orElseThrow();
                    readers.add(Thread.ofVirtual().start(() -> {
                        try (SseClient client = SseClient.open(node.uri("/events?token=" + token),
                                Map.of("Last-Event-ID", resumeFrom))) {
                            List<String> ids = new ArrayList<>();
                            while (ids.isEmpty() || !ids.getLast().equals(lastId)) ids.addAll(client.messageIds(1));
                            resumeIds.add(resumeFrom);
                            received.add(ids);
                        }
                    }));
                }
            }
        });
        writer.join();
        for (Thread reader : readers) reader.join(Duration.ofSeconds(30));

        assertEquals(readers.size(), received.size(), "every client reached the last event");
        for (int i = 0; i < received.size(); i++) {
            List<String> expected = node.log().read(EventQuery.all(resumeIds.get(i), 10_000)).stream()
                    .map(ActivityEvent::id).toList();
            assertEquals(expected, received.get(i), "client resuming after " + resumeIds.get(i));
        }
    }

    /** The id line of the last reset {@link #expectReset} took. */
    private String lastResetId;

    private JsonNode expectReset(SseClient client) throws Exception {
        Frame f = client.nextNonComment();
        while (f.retry() != null || "connected".equals(f.event())) f = client.nextNonComment();
        assertEquals("reset", f.event(), "expected a reset, got " + f);
        lastResetId = f.id();
        return json.readTree(f.data());
    }

    private static List<String> ids(List<ActivityEvent> events) {
        return events.stream().map(ActivityEvent::id).toList();
    }
}
