package dev.sorobanbridge.log.store;

import static dev.sorobanbridge.testsupport.TestEvents.contractOf;
import static dev.sorobanbridge.testsupport.TestEvents.data;
import static dev.sorobanbridge.testsupport.TestEvents.id;
import static dev.sorobanbridge.testsupport.TestEvents.invalidate;

import dev.sorobanbridge.abi.ActivityEvent;

import java.time.Instant;
import java.util.List;

/** Activity events for the log's tests: the shared parts (test-support's TestEvents), close times 5 s per ledger. */
final class TestEvents {
    static final String ALICE = "GALICEXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    static final String BOB = "GBOBXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    static final String CAROL = "GCAROLXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";

    private static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

    private TestEvents() {}

    /** @param type {@code <contract>.<action>}; the contract is taken from it */
    static ActivityEvent event(long ledger, int n, String type, String invoiceId, String... wallets) {
        return event(ledger, n, type, invoiceId, GENESIS.plusSeconds(5 * ledger), wallets);
    }

    static ActivityEvent event(long ledger, int n, String type, String invoiceId, Instant closedAt, String... wallets) {
        String contract = contractOf(type);
        return new ActivityEvent(id(ledger, n), type, contract, "CCONTRACT" + contract.toUpperCase(), ledger, closedAt,
                "tx" + ledger + "x" + n, invoiceId, List.of(wallets), data(invoiceId), invalidate(invoiceId));
    }
}
