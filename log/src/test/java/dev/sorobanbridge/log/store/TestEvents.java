package dev.sorobanbridge.log.store;

import dev.sorobanbridge.abi.ActivityEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds activity events for tests: ids in the RPC's format, close times 5 s per ledger. */
final class TestEvents {
    static final String ALICE = "GALICEXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    static final String BOB = "GBOBXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    static final String CAROL = "GCAROLXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";

    private static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

    private TestEvents() {}

    /** The RPC event id of the {@code n}-th event in {@code ledger} (a TOID plus an index). */
    static String id(long ledger, int n) {
        return String.format("%019d-%010d", ledger << 32, n);
    }

    /** @param type {@code <contract>.<action>}; the contract is taken from it */
    static ActivityEvent event(long ledger, int n, String type, String invoiceId, String... wallets) {
        return event(ledger, n, type, invoiceId, GENESIS.plusSeconds(5 * ledger), wallets);
    }

    static ActivityEvent event(long ledger, int n, String type, String invoiceId, Instant closedAt, String... wallets) {
        String contract = type.substring(0, type.indexOf('.'));
        Map<String, Object> data = invoiceId == null ? Map.of("amount", "1000") : Map.of("invoiceId", invoiceId, "amount", "1000");
        List<List<String>> invalidate = invoiceId == null ? List.of(List.of("pool")) : List.of(List.of("invoice", invoiceId));
        return new ActivityEvent(id(ledger, n), type, contract, "CCONTRACT" + contract.toUpperCase(), ledger, closedAt,
                "tx" + ledger + "x" + n, invoiceId, List.of(wallets), data, invalidate);
    }
}
