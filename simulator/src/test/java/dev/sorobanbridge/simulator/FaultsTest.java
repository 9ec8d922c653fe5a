package dev.sorobanbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.testsupport.Fixtures;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Injected faults look like the real ones an RPC client must survive. */
class FaultsTest {
    private static final String HEALTH = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHealth\"}";

    private static RpcSimulator simulator;
    private static RpcCalls rpc;

    @BeforeAll
    static void start() {
        simulator = RpcSimulator.start(SimulatorOptions.manual(3).with(o -> o.historyLedgers = 5));
        rpc = new RpcCalls(simulator.url());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void clearFaults() {
        simulator.setFaults(Faults.none());
    }

    @Test
    void rateLimitedAnswersCarryRetryAfter() {
        simulator.setFaults(Faults.none().withRate429(1));
        HttpResponse<String> response = rpc.post(HEALTH);
        assertEquals(429, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void aFullBacklogAnswers503WithNoBody() {
        simulator.setFaults(Faults.none().withRate503(1));
        HttpResponse<String> response = rpc.post(HEALTH);
        assertEquals(503, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void errorRateGivesStellarRpcsTransientErrors() {
        simulator.setFaults(Faults.none().withErrorRate(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 40 && seen.size() < 2; i++) {
            JsonNode error = rpc.error("getEvents", Map.of("startLedger", simulator.latestLedger()));
            seen.add(error.get("code").asInt() + " " + error.get("message").asText());
        }
        assertEquals(Set.of("-32003 " + Fixtures.rpcErrorMessage("internalIssue"),
                "-32001 " + Fixtures.rpcErrorMessage("processingTimeout")), seen);
    }

    @Test
    void aPartialErrorRateLetsSomeCallsThrough() {
        simulator.setFaults(Faults.none().withErrorRate(0.5));
        int errors = 0;
        for (int i = 0; i < 60; i++) {
            errors += rpc.call("getHealth", null).has("error") ? 1 : 0;
        }
        assertTrue(errors > 5 && errors < 55, "about half failed: " + errors);
    }

    @Test
    void latencyDelaysTheAnswer() {
        simulator.setFaults(Faults.none().withLatency(Duration.ofMillis(300)));
        long started = System.nanoTime();
        assertEquals(200, rpc.post(HEALTH).statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(300)) >= 0);
    }

    @Test
    void clearingFaultsRestoresNormalAnswers() {
        simulator.setFaults(new Faults(1, Duration.ZERO, 1, 1));
        assertEquals(503, rpc.post(HEALTH).statusCode());
        simulator.setFaults(Faults.none());
        assertEquals("healthy", rpc.result("getHealth", null).get("status").asText());
    }

    @Test
    void ratesOutsideZeroToOneAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.none().withRate429(1.5));
        assertEquals("rate429 must be between 0 and 1, got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Faults.none().withLatency(Duration.ofMillis(-1)));
    }
}
