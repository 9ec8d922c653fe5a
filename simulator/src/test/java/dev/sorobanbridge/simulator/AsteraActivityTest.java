package dev.sorobanbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.DecodedEvent;
import dev.sorobanbridge.abi.EventCatalogue;
import dev.sorobanbridge.abi.EventDecoder;
import dev.sorobanbridge.abi.EventShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over 2,000 generated ledgers the events are a realistic Astera mix: every catalogued action
 * appears, every event decodes with contracts-abi's real decoder to a known type, and the flows
 * have the structure of the contracts' transactions.
 */
class AsteraActivityTest {
    private static final int LEDGERS = 2_000;
    private static final double EVENTS_PER_LEDGER = 5;

    private static RpcSimulator simulator;
    private static List<SimulatedEvent> events;
    private static List<ActivityEvent> decoded;

    @BeforeAll
    static void generate() {
        simulator = RpcSimulator.start(SimulatorOptions.manual(2026).with(o -> {
            o.historyLedgers = LEDGERS;
            o.eventsPerLedger = EVENTS_PER_LEDGER;
        }));
        events = simulator.eventsBetween(simulator.oldestLedger(), simulator.latestLedger());
        EventDecoder decoder = new EventDecoder(simulator.invoiceContractId(), simulator.poolContractId());
        decoded = new ArrayList<>();
        for (SimulatedEvent event : events) {
            DecodedEvent result = decoder.decode(event.toRawEvent());
            assertNull(result.failure(), () -> event.id() + " did not decode");
            decoded.add(result.event());
        }
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void everyEventDecodesToACataloguedType() {
        List<String> unknown = decoded.stream().map(ActivityEvent::type).filter(t -> t.endsWith(".unknown")).toList();
        assertEquals(List.of(), unknown);
    }

    @Test
    void everyCataloguedActionAppears() {
        Set<String> seen = new HashSet<>();
        decoded.forEach(e -> seen.add(e.type()));
        Set<String> missing = new TreeSet<>();
        for (EventShape shape : EventCatalogue.load().shapes()) {
            if (!seen.contains(shape.type())) {
                missing.add(shape.type());
            }
        }
        assertEquals(Set.of(), missing);
    }

    @Test
    void eventsPerLedgerAverageTheConfiguredRateWithVariance() {
        Map<Long, Integer> perLedger = new HashMap<>();
        events.forEach(e -> perLedger.merge(e.ledger(), 1, Integer::sum));
        double mean = (double) events.size() / LEDGERS;
        assertTrue(Math.abs(mean - EVENTS_PER_LEDGER) < 0.5, "mean " + mean);
        assertTrue(perLedger.size() < LEDGERS, "some ledgers are quiet");
        assertTrue(perLedger.values().stream().anyMatch(n -> n > 4 * EVENTS_PER_LEDGER), "some ledgers are busy");
    }

    @Test
    void aboutTwoPercentOfEventsComeFromFailedCalls() {
        long failed = events.stream().filter(e -> !e.inSuccessfulContractCall()).count();
        double share = (double) failed / events.size();
        assertTrue(share > 0.005 && share < 0.05, "share " + share);
    }

    @Test
    void manyInvoicesAndWalletsTakePart() {
        Set<String> invoices = new HashSet<>();
        Set<String> wallets = new HashSet<>();
        decoded.forEach(e -> {
            if (e.invoiceId() != null) {
                invoices.add(e.invoiceId());
            }
            wallets.addAll(e.wallets());
        });
        assertTrue(invoices.size() > 300, "invoices " + invoices.size());
        assertTrue(wallets.size() > 80, "wallets " + wallets.size());
        assertTrue(wallets.contains(simulator.demoWallet().getAccountId()));
    }

    @Test
    void fundingIsOneTransactionOfTwoRecordFundingsThenPoolFundedThenRateSnapshot() {
        Map<String, List<String>> typesByTx = typesByTransaction();
        List<List<String>> fundings = typesByTx.values().stream()
                .filter(types -> types.contains("pool.funded") && types.contains("invoice.funded")).toList();
        assertTrue(fundings.size() > 50, "fundings " + fundings.size());
        for (List<String> types : fundings) {
            List<String> withoutWarning = types.stream().filter(t -> !t.equals("pool.util_warn")).toList();
            assertEquals(List.of("invoice.funded", "invoice.funded", "pool.funded", "pool.rate_snap"), withoutWarning);
        }
        assertTrue(fundings.stream().anyMatch(types -> types.contains("pool.util_warn")));
    }

    @Test
    void fullRepaymentsEndWithRepaidAndInvoicesAreMarkedPaidLater() {
        Map<String, List<String>> typesByTx = typesByTransaction();
        List<List<String>> repayments = typesByTx.values().stream().filter(t -> t.contains("pool.repaid")).toList();
        assertTrue(repayments.size() > 20);
        repayments.forEach(types -> assertEquals("pool.repaid", types.getLast()));
        assertTrue(typesByTx.values().stream().anyMatch(t -> t.equals(List.of("invoice.paid"))));
        assertTrue(typesByTx.values().stream().anyMatch(t -> t.equals(List.of("pool.part_pay"))));
    }

    @Test
    void theSameSeedGivesTheSameChainAndAnotherSeedAnotherDeployment() {
        try (RpcSimulator again = RpcSimulator.start(SimulatorOptions.manual(2026).with(o -> {
            o.historyLedgers = 200;
            o.eventsPerLedger = EVENTS_PER_LEDGER;
        }));
             RpcSimulator other = RpcSimulator.start(SimulatorOptions.manual(2027).with(o -> o.historyLedgers = 1))) {
            assertEquals(simulator.invoiceContractId(), again.invoiceContractId());
            assertEquals(simulator.poolContractId(), again.poolContractId());
            List<SimulatedEvent> first = simulator.eventsBetween(simulator.oldestLedger(), simulator.oldestLedger() + 199);
            List<SimulatedEvent> second = again.eventsBetween(again.oldestLedger(), again.latestLedger());
            assertEquals(first.stream().map(e -> e.id() + e.txHash() + e.topicXdr()).toList(),
                    second.stream().map(e -> e.id() + e.txHash() + e.topicXdr()).toList());
            assertNotEquals(simulator.invoiceContractId(), other.invoiceContractId());
            assertNotEquals(simulator.demoWallet().getAccountId(), other.demoWallet().getAccountId());
        }
    }

    private static Map<String, List<String>> typesByTransaction() {
        Map<String, List<String>> byTx = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            byTx.computeIfAbsent(events.get(i).txHash(), h -> new ArrayList<>()).add(decoded.get(i).type());
        }
        return byTx;
    }
}
