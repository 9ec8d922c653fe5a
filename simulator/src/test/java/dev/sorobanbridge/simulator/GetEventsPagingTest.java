package dev.sorobanbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.abi.EventId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cursor semantics of docs/design.md#complete-paging: exclusive cursors, full and short page cursors, complete paging. */
class GetEventsPagingTest {
    private static RpcSimulator simulator;
    private static RpcCalls rpc;

    @BeforeAll
    static void start() {
        simulator = RpcSimulator.start(SimulatorOptions.manual(42).with(o -> { o.historyLedgers = 150; o.eventsPerLedger = 4; }));
        rpc = new RpcCalls(simulator.url());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void aFullPageEndsWithTheLastEventIdAsCursor() {
        JsonNode page = rpc.result("getEvents", Map.of("startLedger", simulator.oldestLedger(),
                "pagination", Map.of("limit", 5)));
        JsonNode events = page.get("events");
        assertEquals(5, events.size());
        assertEquals(events.get(4).get("id").asText(), page.get("cursor").asText());
        List<String> truth = ids(simulator.eventsBetween(simulator.oldestLedger(), simulator.latestLedger())).subList(0, 5);
        assertEquals(truth, ids(events));
    }

    @Test
    void aShortPageEndsWithTheEndOfTheScannedWindow() {
        long start = simulator.oldestLedger();
        JsonNode page = rpc.result("getEvents", Map.of("startLedger", start, "endLedger", start + 3,
                "pagination", Map.of("limit", 10_000)));

        assertEquals(ids(simulator.eventsBetween(start, start + 2)), ids(page.get("events")), "endLedger is exclusive");
        // ledger start+2 with transaction, operation and event index at their maximum
        long toid = ((start + 2) << 32) | (0xFFFFFL << 12) | 0xFFFL;
        assertEquals(String.format("%019d-%010d", toid, 4294967295L), page.get("cursor").asText());
    }

    @Test
    void withoutEndLedgerTheWindowEndsAtTheLatestLedger() {
        long latest = simulator.latestLedger();
        JsonNode page = rpc.result("getEvents", Map.of("startLedger", latest - 2, "pagination", Map.of("limit", 10_000)));
        long toid = (latest << 32) | (0xFFFFFL << 12) | 0xFFFL;
        assertEquals(String.format("%019d-%010d", toid, 4294967295L), page.get("cursor").asText());
        assertEquals(latest, page.get("latestLedger").asLong());
    }

    @Test
    void theCursorIsExclusive() {
        List<SimulatedEvent> truth = simulator.eventsBetween(simulator.oldestLedger(), simulator.latestLedger());
        SimulatedEvent tenth = truth.get(9);
        JsonNode page = rpc.result("getEvents", Map.of("pagination", Map.of("cursor", tenth.id(), "limit", 3)));
        assertEquals(ids(truth.subList(10, 13)), ids(page.get("events")));
    }

    @Test
    void pagingWithLimit7YieldsExactlyTheGroundTruthInOrderWithoutDuplicates() {
        long first = simulator.oldestLedger();
        List<String> received = new ArrayList<>();
        JsonNode page = rpc.result("getEvents", Map.of("startLedger", first, "pagination", Map.of("limit", 7)));
        int pages = 1;
        while (true) {
            page.get("events").forEach(e -> received.add(e.get("id").asText()));
            String cursor = page.get("cursor").asText();
            if (page.get("events").size() < 7 && EventId.parse(cursor).ledger() >= page.get("latestLedger").asLong()) {
                break;
            }
            if (pages % 25 == 0) {
                simulator.closeLedger(); // the chain keeps moving while a client pages
            }
            page = rpc.result("getEvents", Map.of("pagination", Map.of("cursor", cursor, "limit", 7)));
            pages++;
        }

        List<String> truth = ids(simulator.eventsBetween(first, simulator.latestLedger()));
        assertEquals(truth.size(), new HashSet<>(received).size(), "no duplicates");
        assertEquals(truth, received);
        assertTrue(pages > 50, "the walk took many pages: " + pages);
    }

    @Test
    void severalEventsOfOneTransactionShareItsHashWithConsecutiveEventIndexes() {
        List<SimulatedEvent> truth = simulator.eventsBetween(simulator.oldestLedger(), simulator.latestLedger());
        Map<String, List<SimulatedEvent>> byTx = new HashMap<>();
        truth.forEach(e -> byTx.computeIfAbsent(e.txHash(), h -> new ArrayList<>()).add(e));
        Set<Integer> sizes = new HashSet<>();
        byTx.values().forEach(events -> {
            sizes.add(events.size());
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i, events.get(i).eventIndex());
                assertTrue(events.get(i).id().endsWith(String.format("-%010d", i)));
                assertEquals(events.getFirst().transactionIndex(), events.get(i).transactionIndex());
            }
        });
        assertTrue(sizes.stream().anyMatch(n -> n >= 4), "funding transactions carry several events: " + sizes);
    }

    private static List<String> ids(JsonNode events) {
        List<String> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    private static List<String> ids(List<SimulatedEvent> events) {
        return events.stream().map(SimulatedEvent::id).toList();
    }
}
