package dev.sorobanbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Filters by type, contract id and topics, each checked against the ground truth. */
class GetEventsFiltersTest {
    // xdr.ScVal.scvSymbol(name).toXDR('base64'), from shared/fixtures/astera/topic-symbols-base64.json
    private static final String INVOICE = "AAAADwAAAAdpbnZvaWNlAA==";
    private static final String POOL = "AAAADwAAAARwb29s";
    private static final String CREATED = "AAAADwAAAAdjcmVhdGVkAA==";
    private static final String FUNDED = "AAAADwAAAAZmdW5kZWQAAA==";

    private static RpcSimulator simulator;
    private static RpcCalls rpc;
    private static List<SimulatedEvent> truth;

    @BeforeAll
    static void start() {
        simulator = RpcSimulator.start(SimulatorOptions.manual(9).with(o -> { o.historyLedgers = 200; o.eventsPerLedger = 4; }));
        rpc = new RpcCalls(simulator.url());
        truth = simulator.eventsBetween(simulator.oldestLedger(), simulator.latestLedger());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void byContractId() {
        List<String> poolOnly = query(List.of(Map.of("contractIds", List.of(simulator.poolContractId()))));
        assertEquals(expected(e -> e.contractId().equals(simulator.poolContractId())), poolOnly);
        assertFalse(poolOnly.isEmpty());
        assertTrue(poolOnly.size() < truth.size());
    }

    @Test
    void byNamespaceAndAnyAction() {
        List<String> invoiceEvents = query(List.of(Map.of("topics", List.of(List.of(INVOICE, "*")))));
        assertEquals(expected(e -> e.topicXdr().getFirst().equals(INVOICE)), invoiceEvents);
        assertEquals(expected(e -> e.contractId().equals(simulator.invoiceContractId())), invoiceEvents,
                "the invoice contract publishes exactly the invoice namespace");
    }

    @Test
    void byExactTopicsOrEdAcrossTopicFilters() {
        List<String> createdOrFunded = query(List.of(Map.of("topics",
                List.of(List.of(INVOICE, CREATED), List.of(POOL, FUNDED)))));
        assertEquals(expected(e -> e.topicXdr().equals(List.of(INVOICE, CREATED))
                || e.topicXdr().equals(List.of(POOL, FUNDED))), createdOrFunded);
        assertFalse(createdOrFunded.isEmpty());
    }

    @Test
    void segmentCountMustMatchUnlessTheFilterEndsWithDoubleStar() {
        assertEquals(List.of(), query(List.of(Map.of("topics", List.of(List.of(INVOICE))))));
        assertEquals(List.of(), query(List.of(Map.of("topics", List.of(List.of("*", "*", "*"))))));
        assertEquals(expected(e -> e.topicXdr().getFirst().equals(INVOICE)),
                query(List.of(Map.of("topics", List.of(List.of(INVOICE, "**"))))));
        assertEquals(expected(e -> true), query(List.of(Map.of("topics", List.of(List.of("**"))))));
    }

    @Test
    void byType() {
        assertEquals(List.of(), query(List.of(Map.of("type", "system"))));
        assertEquals(expected(e -> true), query(List.of(Map.of("type", "contract"))));
        assertEquals(expected(e -> true), query(List.of(Map.of("type", "system,contract"))));
    }

    @Test
    void filtersAreOrEdAndConditionsWithinOneAreAnded() {
        List<String> union = query(List.of(
                Map.of("contractIds", List.of(simulator.invoiceContractId()), "topics", List.of(List.of(INVOICE, CREATED))),
                Map.of("contractIds", List.of(simulator.poolContractId()), "topics", List.of(List.of(POOL, FUNDED)))));
        assertEquals(expected(e -> e.topicXdr().equals(List.of(INVOICE, CREATED))
                || e.topicXdr().equals(List.of(POOL, FUNDED))), union);
        assertEquals(List.of(), query(List.of(Map.of("contractIds", List.of(simulator.poolContractId()),
                "topics", List.of(List.of(INVOICE, "*"))))), "pool contract AND invoice namespace matches nothing");
    }

    @Test
    void aNonCanonicalButValidSegmentStillMatches() {
        // the same Symbol written with '=' escaped as a JSON-level \u003d, as Gson sends it
        JsonNode page = rpc.result("getEvents", RpcCalls.read("{\"startLedger\":" + simulator.oldestLedger()
                + ",\"filters\":[{\"topics\":[[\"AAAADwAAAAdpbnZvaWNlAA\\u003d\\u003d\",\"*\"]]}],"
                + "\"pagination\":{\"limit\":10000}}"));
        assertEquals(expected(e -> e.topicXdr().getFirst().equals(INVOICE)), ids(page));
    }

    private static List<String> query(List<Map<String, Object>> filters) {
        JsonNode page = rpc.result("getEvents", Map.of("startLedger", simulator.oldestLedger(), "filters", filters,
                "pagination", Map.of("limit", 10_000)));
        return ids(page);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("events").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    private static List<String> expected(Predicate<SimulatedEvent> filter) {
        return truth.stream().filter(filter).map(SimulatedEvent::id).toList();
    }
}
