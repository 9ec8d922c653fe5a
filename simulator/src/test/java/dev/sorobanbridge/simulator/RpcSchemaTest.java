package dev.sorobanbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.testsupport.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator's answers have the fields, and JSON types, of real stellar-rpc answers (the fixtures). */
class RpcSchemaTest {
    private static RpcSimulator simulator;
    private static RpcCalls rpc;

    @BeforeAll
    static void start() {
        simulator = RpcSimulator.start(SimulatorOptions.manual(11).with(o -> o.historyLedgers = 40));
        rpc = new RpcCalls(simulator.url());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void getEventsHasEveryFieldOfTheRealResponseWithTheSameJsonTypes() {
        JsonNode real = Fixtures.json("rpc/getEvents-native-transfers.response.json").get("result");
        JsonNode ours = rpc.result("getEvents", Map.of("startLedger", simulator.oldestLedger(),
                "pagination", Map.of("limit", 20)));

        assertSameFieldsAndTypes(real, ours, "result");
        assertFalse(ours.get("events").isEmpty(), "40 ledgers carry events");
        for (JsonNode event : ours.get("events")) {
            assertSameFieldsAndTypes(real.get("events").get(0), event, "event");
            assertEquals("contract", event.get("type").asText());
            assertTrue(event.get("id").asText().matches("\\d{19}-\\d{10}"), event.get("id").asText());
            assertTrue(event.get("txHash").asText().matches("[0-9a-f]{64}"));
            assertTrue(event.get("ledgerClosedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
            assertEquals(2, event.get("topic").size(), "Astera topics are [namespace, action]");
        }
    }

    @Test
    void eventIdsAreToidsOfLedgerTransactionAndOperation() {
        JsonNode events = rpc.result("getEvents", Map.of("startLedger", simulator.oldestLedger(),
                "pagination", Map.of("limit", 50))).get("events");
        for (JsonNode event : events) {
            long toid = (event.get("ledger").asLong() << 32) | (event.get("transactionIndex").asLong() << 12)
                    | event.get("operationIndex").asLong();
            assertTrue(event.get("id").asText().startsWith(String.format("%019d-", toid)), event.toString());
        }
    }

    @Test
    void closeTimesAreUnixSecondsAsStringsAndRfc3339OnEvents() {
        JsonNode page = rpc.result("getEvents", Map.of("startLedger", simulator.oldestLedger(),
                "pagination", Map.of("limit", 50)));
        assertEquals(String.valueOf(closeSecond(page.get("latestLedger").asLong())),
                page.get("latestLedgerCloseTime").asText());
        assertEquals(String.valueOf(closeSecond(page.get("oldestLedger").asLong())),
                page.get("oldestLedgerCloseTime").asText());
        for (JsonNode event : page.get("events")) {
            assertEquals(Instant.ofEpochSecond(closeSecond(event.get("ledger").asLong())),
                    Instant.parse(event.get("ledgerClosedAt").asText()));
        }
    }

    @Test
    void historyIsClosedFiveSecondsApartInManualMode() {
        long oldest = simulator.oldestLedger();
        for (long ledger = oldest; ledger < oldest + 39; ledger++) {
            Instant closed = simulator.closeTimeOf(ledger).orElseThrow();
            assertEquals(Duration.ofSeconds(5), Duration.between(closed, simulator.closeTimeOf(ledger + 1).orElseThrow()));
        }
        assertTrue(simulator.closeTimeOf(oldest - 1).isEmpty());
    }

    @Test
    void getHealthHasTheRealFields() {
        JsonNode real = Fixtures.json("rpc/getHealth.response.json").get("result");
        JsonNode ours = rpc.result("getHealth", null);

        assertSameFieldsAndTypes(real, ours, "getHealth");
        assertEquals("healthy", ours.get("status").asText());
        assertEquals(simulator.latestLedger(), ours.get("latestLedger").asLong());
        assertEquals(simulator.oldestLedger(), ours.get("oldestLedger").asLong());
        assertEquals(SimulatorOptions.ONE_DAY_OF_LEDGERS, ours.get("ledgerRetentionWindow").asLong());
    }

    @Test
    void getLatestLedgerHasTheRealFieldsExceptTheXdrBlobs() {
        JsonNode real = Fixtures.json("rpc/getLatestLedger.docs-truncated-metadata.response.json").get("result").deepCopy();
        // header and metadata XDR are not simulated (documented in the README)
        ((com.fasterxml.jackson.databind.node.ObjectNode) real).remove(List.of("headerXdr", "metadataXdr"));
        JsonNode ours = rpc.result("getLatestLedger", null);

        assertSameFieldsAndTypes(real, ours, "getLatestLedger");
        assertEquals(simulator.latestLedger(), ours.get("sequence").asLong());
        assertTrue(ours.get("id").asText().matches("[0-9a-f]{64}"));
        assertEquals(String.valueOf(simulator.closeTimeOf(simulator.latestLedger()).orElseThrow().getEpochSecond()),
                ours.get("closeTime").asText());
    }

    @Test
    void getNetworkAnswersThePassphrase() {
        JsonNode ours = rpc.result("getNetwork", null);
        assertEquals(SimulatorOptions.STANDALONE_PASSPHRASE, ours.get("passphrase").asText());
        assertTrue(ours.get("protocolVersion").isInt());
    }

    @Test
    void aNewLedgerShowsUpInEveryMethod() {
        long before = simulator.latestLedger();
        simulator.closeLedger();
        assertEquals(before + 1, simulator.latestLedger());
        assertEquals(before + 1, rpc.result("getLatestLedger", null).get("sequence").asLong());
        assertEquals(before + 1, rpc.result("getHealth", null).get("latestLedger").asLong());
        assertEquals(before + 1, rpc.result("getEvents", Map.of("startLedger", before)).get("latestLedger").asLong());
    }

    private static long closeSecond(long ledger) {
        return simulator.closeTimeOf(ledger).orElseThrow().getEpochSecond();
    }

    /** Every field of {@code real} is in {@code ours} with the same JSON node type (number, string, …). */
    private static void assertSameFieldsAndTypes(JsonNode real, JsonNode ours, String where) {
        List<String> problems = new ArrayList<>();
        real.fieldNames().forEachRemaining(name -> {
            if (!ours.has(name)) {
                problems.add(where + "." + name + " is missing");
            } else if (real.get(name).getNodeType() != ours.get(name).getNodeType()) {
                problems.add(where + "." + name + " is " + ours.get(name).getNodeType() + ", real RPC has "
                        + real.get(name).getNodeType());
            }
        });
        assertEquals(List.of(), problems);
        Set<String> extra = new java.util.TreeSet<>();
        ours.fieldNames().forEachRemaining(name -> {
            if (!real.has(name)) {
                extra.add(name);
            }
        });
        assertEquals(Set.of(), extra, where + " has fields the real RPC does not");
    }
}
