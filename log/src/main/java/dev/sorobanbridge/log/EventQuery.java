package dev.sorobanbridge.log;

import dev.sorobanbridge.abi.ActivityEvent;

import java.util.Set;

/**
 * A read of the log: events with id greater than {@code afterId} (null: from the start) and less
 * than {@code beforeId} (null: up to the newest) that match every non-empty filter set (AND across
 * sets, OR within one), oldest first or newest first.
 *
 * @param types exact types ({@code invoice.funded}) or contract wildcards ({@code invoice.*})
 */
public record EventQuery(String afterId, Set<String> invoiceIds, Set<String> wallets,
                         Set<String> contracts, Set<String> types, int limit, String beforeId, Order order) {

    /** Which end of the id range a page starts from. */
    public enum Order {
        /** Oldest first: replay and forward history. */
        ASCENDING,
        /** Newest first: "the newest N", and paging back with {@code beforeId}. */
        DESCENDING
    }

    public EventQuery {
        invoiceIds = Set.copyOf(invoiceIds);
        wallets = Set.copyOf(wallets);
        contracts = Set.copyOf(contracts);
        types = Set.copyOf(types);
        if (limit <= 0) throw new IllegalArgumentException("limit must be positive: " + limit);
        if (order == null) throw new IllegalArgumentException("order is required");
    }

    /** An oldest-first read after {@code afterId}, with no upper bound. */
    public EventQuery(String afterId, Set<String> invoiceIds, Set<String> wallets,
                      Set<String> contracts, Set<String> types, int limit) {
        this(afterId, invoiceIds, wallets, contracts, types, limit, null, Order.ASCENDING);
    }

    public static EventQuery all(String afterId, int limit) {
        return new EventQuery(afterId, Set.of(), Set.of(), Set.of(), Set.of(), limit);
    }

    /** The newest {@code limit} events (of the whole log) before {@code beforeId} (null: the newest), newest first. */
    public static EventQuery newest(String beforeId, int limit) {
        return new EventQuery(null, Set.of(), Set.of(), Set.of(), Set.of(), limit, beforeId, Order.DESCENDING);
    }

    public boolean newestFirst() {
        return order == Order.DESCENDING;
    }

    /**
     * The same filter, in memory: live fan-out applies this rule, so a stream and a replay from the
     * store select exactly the same events. Does not look at the id bounds, the order or {@code limit}.
     */
    public boolean matches(ActivityEvent event) {
        return matches(event, invoiceIds, wallets, contracts, types);
    }

    /** The rule itself, for a caller that holds the four sets and has no read to make (the bridge's live fan-out). */
    public static boolean matches(ActivityEvent event, Set<String> invoiceIds, Set<String> wallets,
                                  Set<String> contracts, Set<String> types) {
        return (invoiceIds.isEmpty() || (event.invoiceId() != null && invoiceIds.contains(event.invoiceId())))
                && (wallets.isEmpty() || event.wallets().stream().anyMatch(wallets::contains))
                && (contracts.isEmpty() || contracts.contains(event.contract()))
                && (types.isEmpty() || types.contains(event.type()) || types.contains(event.contract() + ".*"));
    }
}
