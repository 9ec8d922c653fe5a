package dev.sorobanbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Old ledgers are dropped; one getEvents call scans at most 10,000 ledgers. */
class RetentionAndScanWindowTest {

    @Test
    void ledgersOlderThanTheRetentionWindowAreDropped() {
        try (RpcSimulator simulator = RpcSimulator.start(SimulatorOptions.manual(4).with(o -> {
            o.historyLedgers = 50;
            o.retentionLedgers = 20;
        }))) {
            long first = SimulatorOptions.demo().firstLedger();
            assertEquals(first + 49, simulator.latestLedger());
            assertEquals(first + 30, simulator.oldestLedger());
            assertTrue(simulator.closeTimeOf(first + 29).isEmpty());
            assertTrue(simulator.eventsBetween(first, first + 29).isEmpty());

            simulator.closeLedger();
            assertEquals(first + 31, simulator.oldestLedger());
            JsonNode health = new RpcCalls(simulator.url()).result("getHealth", null);
            assertEquals(20, health.get("latestLedger").asLong() - health.get("oldestLedger").asLong() + 1,
                    "a full window: latest - oldest + 1 == ledgerRetentionWindow");
            assertEquals(20, health.get("ledgerRetentionWindow").asLong());
        }
    }

    @Test
    void oneCallScansAtMost10000LedgersAndItsCursorContinuesAfterThem() {
        try (RpcSimulator simulator = RpcSimulator.start(SimulatorOptions.manual(8).with(o -> {
            o.historyLedgers = 10_050;
            o.retentionLedgers = 20_000;
            o.eventsPerLedger = 0.2;
        }))) {
            RpcCalls rpc = new RpcCalls(simulator.url());
            long oldest = simulator.oldestLedger();

            JsonNode first = rpc.result("getEvents", Map.of("startLedger", oldest, "pagination", Map.of("limit", 10_000)));
            long lastScanned = oldest + 9_999;
            long toid = (lastScanned << 32) | (0xFFFFFL << 12) | 0xFFFL;
            assertEquals(String.format("%019d-%010d", toid, 4294967295L), first.get("cursor").asText());
            assertEquals(ids(simulator.eventsBetween(oldest, lastScanned)), ids(first));

            JsonNode second = rpc.result("getEvents", Map.of("pagination",
                    Map.of("cursor", first.get("cursor").asText(), "limit", 10_000)));
            assertEquals(ids(simulator.eventsBetween(lastScanned + 1, simulator.latestLedger())), ids(second));
            assertTrue(!ids(second).isEmpty(), "the last 50 ledgers carry a few events");
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("events").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    private static List<String> ids(List<SimulatedEvent> events) {
        return events.stream().map(SimulatedEvent::id).toList();
    }
}
