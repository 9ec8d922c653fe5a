package dev.sorobanbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.SorobanServer;
import org.stellar.sdk.requests.sorobanrpc.EventFilterType;
import org.stellar.sdk.requests.sorobanrpc.GetEventsRequest;
import org.stellar.sdk.responses.sorobanrpc.GetEventsResponse;

/** Starting, the ledger clock, options and the standalone main; and an off-the-shelf client against it. */
class SimulatorLifecycleTest {

    @Test
    void theClockClosesLedgersOnItsOwn() throws InterruptedException {
        try (RpcSimulator simulator = RpcSimulator.start(SimulatorOptions.demo().with(o -> {
            o.ledgerInterval = Duration.ofMillis(50);
            o.historyLedgers = 3;
        }))) {
            long start = simulator.latestLedger();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (simulator.latestLedger() < start + 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long latest = simulator.latestLedger();
            assertTrue(latest >= start + 3, "ledgers closed: " + (latest - start));
            Instant previous = simulator.closeTimeOf(latest - 1).orElseThrow();
            assertTrue(simulator.closeTimeOf(latest).orElseThrow().isAfter(previous));
        }
    }

    @Test
    void theDemoStartsWithAnHourOfHistoryEndingNow() {
        SimulatorOptions demo = SimulatorOptions.demo();
        assertEquals(Duration.ofSeconds(5), demo.ledgerInterval());
        try (RpcSimulator simulator = RpcSimulator.start(demo.with(o -> o.ledgerInterval = Duration.ZERO))) {
            assertEquals(demo.firstLedger(), simulator.oldestLedger());
            assertEquals(demo.firstLedger() + 719, simulator.latestLedger());
            Instant oldest = simulator.closeTimeOf(simulator.oldestLedger()).orElseThrow();
            Instant latest = simulator.closeTimeOf(simulator.latestLedger()).orElseThrow();
            assertEquals(Duration.ofSeconds(5 * 719), Duration.between(oldest, latest));
            assertTrue(Duration.between(latest, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0);
            assertTrue(simulator.url().toString().matches("http://127\\.0\\.0\\.1:\\d+/"));
            assertTrue(simulator.invoiceContractId().startsWith("C"));
        }
    }

    @Test
    void closeIsIdempotentAndFreesThePort() {
        RpcSimulator simulator = RpcSimulator.start(SimulatorOptions.manual(1));
        int port = simulator.url().getPort();
        simulator.close();
        simulator.close();
        try (RpcSimulator again = RpcSimulator.start(SimulatorOptions.manual(1).with(o -> o.port = port))) {
            assertEquals(port, again.url().getPort());
        }
    }

    @Test
    void stellarSdksSorobanServerReadsTheAnswers() throws Exception {
        try (RpcSimulator simulator = RpcSimulator.start(SimulatorOptions.manual(6).with(o -> o.historyLedgers = 100));
             SorobanServer server = new SorobanServer(simulator.url().toString())) {
            assertEquals(simulator.latestLedger(), server.getLatestLedger().getSequence().longValue());
            assertEquals("healthy", server.getHealth().getStatus());
            assertEquals(simulator.networkPassphrase(), server.getNetwork().getPassphrase());
            GetEventsResponse page = server.getEvents(GetEventsRequest.builder()
                    .startLedger(simulator.oldestLedger())
                    .filter(GetEventsRequest.EventFilter.builder().type(EventFilterType.CONTRACT)
                            .contractIds(List.of(simulator.invoiceContractId())).build())
                    .pagination(GetEventsRequest.PaginationOptions.builder().limit(10L).build())
                    .build());
            assertEquals(10, page.getEvents().size());
            page.getEvents().forEach(e -> assertEquals(simulator.invoiceContractId(), e.getContractId()));
        }
    }

    @Test
    void optionsRejectNonsenseWithTheFieldName() {
        assertEquals("firstLedger must be 2..4294967295, got 1",
                assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.demo().with(o -> o.firstLedger = 1)).getMessage());
        assertEquals("retentionLedgers must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.demo().with(o -> o.retentionLedgers = 0))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.demo().with(o -> o.eventsPerLedger = -1));
        assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.demo().with(o -> o.ledgerInterval = Duration.ofSeconds(-1)));
    }

    @Test
    void mainParsesItsFlags() {
        SimulatorOptions options = SimulatorMain.parse(new String[] {"--port", "9001", "--ledger-interval", "500ms",
                "--events-per-ledger", "12.5", "--history-ledgers", "10", "--seed", "77"}, SimulatorOptions.demo());
        assertEquals(9001, options.port());
        assertEquals(Duration.ofMillis(500), options.ledgerInterval());
        assertEquals(12.5, options.eventsPerLedger());
        assertEquals(10, options.historyLedgers());
        assertEquals(77, options.seed());
        assertEquals(Duration.ofSeconds(2), SimulatorMain.duration("2s"));
        assertEquals(Duration.ZERO, SimulatorMain.duration("0"));
        assertEquals(Duration.ofSeconds(5), SimulatorMain.duration("PT5S"));
    }

    @Test
    void mainNamesABadFlag() {
        SimulatorOptions demo = SimulatorOptions.demo();
        assertEquals("unknown option --colour", assertThrows(IllegalArgumentException.class,
                () -> SimulatorMain.parse(new String[] {"--colour", "red"}, demo)).getMessage());
        assertEquals("--port needs a value", assertThrows(IllegalArgumentException.class,
                () -> SimulatorMain.parse(new String[] {"--port"}, demo)).getMessage());
        assertEquals("--port must be a number, got x", assertThrows(IllegalArgumentException.class,
                () -> SimulatorMain.parse(new String[] {"--port", "x"}, demo)).getMessage());
        assertEquals("--ledger-interval must look like 5s, 500ms or PT5S, got soon", assertThrows(
                IllegalArgumentException.class, () -> SimulatorMain.parse(new String[] {"--ledger-interval", "soon"}, demo))
                .getMessage());
    }
}
