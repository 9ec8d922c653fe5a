package dev.sorobanbridge.testsupport;

import java.util.List;
import java.util.Map;

/**
 * The parts of a test activity event that every module's tests build alike: its id, its contract,
 * its data and the cache keys it invalidates. The modules' own {@code TestEvents} put these into an
 * {@code ActivityEvent} (which this module cannot know) with the close times and contract ids they need.
 */
public final class TestEvents {
    private TestEvents() {}

    /** The RPC event id of the {@code n}-th event in {@code ledger}: TOID {@code (ledger << 32) + n}, event index {@code n}. */
    public static String id(long ledger, int n) {
        return String.format("%019d-%010d", (ledger << 32) + n, n);
    }

    /** {@code invoice} or {@code pool}: the part of {@code <contract>.<action>} before the dot. */
    public static String contractOf(String type) {
        return type.substring(0, type.indexOf('.'));
    }

    /** An amount, and the invoice id when the event is about one. */
    public static Map<String, Object> data(String invoiceId) {
        return invoiceId == null ? Map.of("amount", "1000") : Map.of("invoiceId", invoiceId, "amount", "1000");
    }

    /** {@code [["invoice", id]]} for an invoice's event, else {@code [["pool"]]}. */
    public static List<List<String>> invalidate(String invoiceId) {
        return invoiceId == null ? List.of(List.of("pool")) : List.of(List.of("invoice", invoiceId));
    }
}
