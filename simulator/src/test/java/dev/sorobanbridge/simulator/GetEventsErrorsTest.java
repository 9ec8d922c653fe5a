package dev.sorobanbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.testsupport.Fixtures;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every malformed request gets stellar-rpc's error code and message (docs/design.md#the-rpc-contract), and the server keeps working. */
class GetEventsErrorsTest {
    private static final String INVOICE_SYMBOL = "AAAADwAAAAdpbnZvaWNlAA==";

    private static RpcSimulator simulator;
    private static RpcCalls rpc;

    @BeforeAll
    static void start() {
        simulator = RpcSimulator.start(SimulatorOptions.manual(5).with(o -> { o.historyLedgers = 30; o.retentionLedgers = 20; }));
        rpc = new RpcCalls(simulator.url());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void startLedgerAndCursorTogetherAreRejected() {
        String cursor = simulator.eventsBetween(simulator.oldestLedger(), simulator.latestLedger()).getFirst().id();
        assertError(-32602, Fixtures.rpcErrorMessage("cursorWithLedgerRange"),
                Map.of("startLedger", simulator.oldestLedger(), "pagination", Map.of("cursor", cursor)));
        assertError(-32602, "ledger ranges and cursor cannot both be set",
                Map.of("endLedger", simulator.latestLedger(), "pagination", Map.of("cursor", cursor)));
    }

    @Test
    void aLimitAbove10000IsRejected() {
        assertError(-32602, Fixtures.rpcErrorMessage("limitTooLarge"),
                Map.of("startLedger", simulator.oldestLedger(), "pagination", Map.of("limit", 10_001)));
    }

    @Test
    void aMissingStartLedgerIsRejected() {
        assertError(-32602, Fixtures.rpcErrorMessage("startLedgerMissing"), Map.of("pagination", Map.of("limit", 5)));
        assertError(-32602, "startLedger must be positive", null);
    }

    @Test
    void aStartLedgerOutsideRetentionNamesTheRetainedRange() {
        long oldest = simulator.oldestLedger();
        long latest = simulator.latestLedger();
        assertEquals(latest - 19, oldest, "retention keeps 20 ledgers");
        String message = "startLedger must be within the ledger range: " + oldest + " - " + latest;
        assertError(-32600, message, Map.of("startLedger", oldest - 1));
        assertError(-32600, message, Map.of("startLedger", latest + 1));
        // the fixture's message has the same form
        assertTrue(Fixtures.rpcErrorMessage("startLedgerOutsideRetention")
                .matches("startLedger must be within the ledger range: \\d+ - \\d+"));
    }

    @Test
    void aCursorFromADroppedLedgerIsOutOfRange() {
        long dropped = simulator.oldestLedger() - 5;
        String cursor = String.format("%019d-%010d", dropped << 32, 0);
        assertError(-32600, "startLedger must be within the ledger range: " + simulator.oldestLedger() + " - "
                + simulator.latestLedger(), Map.of("pagination", Map.of("cursor", cursor)));
    }

    @Test
    void malformedCursorsAndNumbersAreInvalidParams() {
        assertError(-32602, "invalid event id abc", Map.of("pagination", Map.of("cursor", "abc")));
        assertEquals(-32602, rpc.error("getEvents", Map.of("startLedger", "12")).get("code").asInt());
        assertEquals(-32602, rpc.error("getEvents", Map.of("startLedger", -3)).get("code").asInt());
        assertEquals(-32602, rpc.error("getEvents", Map.of("startLedger", 5, "pagination", Map.of("limit", 1.5)))
                .get("code").asInt());
    }

    @Test
    void filterLimitsAndShapesAreChecked() {
        long start = simulator.oldestLedger();
        String pool = simulator.poolContractId();
        assertError(-32602, Fixtures.rpcErrorMessage("tooManyFilters"),
                Map.of("startLedger", start, "filters", List.of(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of())));
        assertError(-32602, Fixtures.rpcErrorMessage("tooManyContractIds"),
                Map.of("startLedger", start, "filters", List.of(Map.of("contractIds", List.of(pool, pool, pool, pool, pool, pool)))));
        assertError(-32602, Fixtures.rpcErrorMessage("badContractId"),
                Map.of("startLedger", start, "filters", List.of(Map.of("contractIds", List.of("GABC")))));
        assertError(-32602, Fixtures.rpcErrorMessage("doubleStarNotLast"),
                Map.of("startLedger", start, "filters", List.of(Map.of("topics", List.of(List.of("**", "*"))))));
        assertError(-32602, Fixtures.rpcErrorMessage("tooManySegments"),
                Map.of("startLedger", start, "filters", List.of(Map.of("topics", List.of(List.of("*", "*", "*", "*", "*"))))));
        assertError(-32602, Fixtures.rpcErrorMessage("badEventType"),
                Map.of("startLedger", start, "filters", List.of(Map.of("type", "diagnostic"))));
        assertError(-32602, "filter 1 invalid: maximum 5 topics per filter",
                Map.of("startLedger", start, "filters", List.of(Map.of("topics",
                        List.of(List.of("*"), List.of("*"), List.of("*"), List.of("*"), List.of("*"), List.of("*"))))));
        assertError(-32602, "filter 2 invalid: topic 1 invalid: segment 2 invalid: not a base64-encoded XDR ScVal",
                Map.of("startLedger", start, "filters", List.of(Map.of(),
                        Map.of("topics", List.of(List.of(INVOICE_SYMBOL, "not-xdr!"))))));
        assertError(-32602, "filter 1 invalid: topic 1 invalid: topic must have at least 1 segment",
                Map.of("startLedger", start, "filters", List.of(Map.of("topics", List.of(List.of())))));
    }

    @Test
    void xdrFormatJsonIsRefusedClearly() {
        assertError(-32602, "xdrFormat 'json' is not supported by the simulator; use 'base64'",
                Map.of("startLedger", simulator.oldestLedger(), "xdrFormat", "json"));
        assertEquals(simulator.latestLedger(), rpc.result("getEvents",
                Map.of("startLedger", simulator.oldestLedger(), "xdrFormat", "base64")).get("latestLedger").asLong());
    }

    @Test
    void malformedJsonIsAParseErrorWithANullId() {
        HttpResponse<String> response = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
        assertEquals(200, response.statusCode());
        JsonNode answer = RpcCalls.read(response.body());
        assertEquals(-32700, answer.get("error").get("code").asInt());
        assertTrue(answer.get("id").isNull());
    }

    @Test
    void anUnknownMethodIsMethodNotFound() {
        JsonNode error = rpc.error("simulateTransaction", Map.of());
        assertEquals(-32601, error.get("code").asInt());
        assertEquals("method not found: simulateTransaction", error.get("message").asText());
    }

    @Test
    void envelopeMistakesAreInvalidRequests() {
        assertEquals(-32600, RpcCalls.read(rpc.post("{\"id\":1,\"method\":\"getHealth\"}").body())
                .get("error").get("code").asInt(), "jsonrpc 2.0 is required");
        assertEquals(-32600, RpcCalls.read(rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1}").body())
                .get("error").get("code").asInt(), "method is required");
        assertEquals(-32600, RpcCalls.read(rpc.post("42").body()).get("error").get("code").asInt());
        assertEquals(-32602, RpcCalls.read(rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getEvents\",\"params\":[1]}")
                .body()).get("error").get("code").asInt(), "positional params are not accepted");
    }

    @Test
    void aBatchGetsOneAnswerPerCallInOrder() {
        JsonNode answers = RpcCalls.read(rpc.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHealth\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"}]").body());
        assertEquals(2, answers.size());
        assertEquals("healthy", answers.get(0).get("result").get("status").asText());
        assertEquals(2, answers.get(1).get("id").asInt());
        assertEquals(-32601, answers.get(1).get("error").get("code").asInt());
    }

    private static void assertError(int code, String message, Object params) {
        JsonNode error = rpc.error("getEvents", params);
        assertEquals(code, error.get("code").asInt(), error.toString());
        assertEquals(message, error.get("message").asText());
    }
}
