package dev.sorobanbridge.indexer.log;

import dev.sorobanbridge.abi.ActivityEvent;

import java.util.Set;

/**
 * A read of the log: events with id greater than {@code afterId} (null: from the start) that match
 * every non-empty filter set (AND across sets, OR within one).
 *
 * @param types exact types ({@code invoice.funded}) or contract wildcards ({@code invoice.*})
 */
public record EventQuery(String afterId, Set<String> invoiceIds, Set<String> wallets,
                         Set<String> contracts, Set<String> types, int limit) {
    public EventQuery {
        invoiceIds = Set.copyOf(invoiceIds);
        wallets = Set.copyOf(wallets);
        contracts = Set.copyOf(contracts);
        types = Set.copyOf(types);
        if (limit <= 0) throw new IllegalArgumentException("limit must be positive: " + limit);
    }

    public static EventQuery all(String afterId, int limit) {
        return new EventQuery(afterId, Set.of(), Set.of(), Set.of(), Set.of(), limit);
    }

    /**
     * The same filter, in memory: live fan-out uses this, so a stream and a replay from the store
     * select exactly the same events. Does not look at {@code afterId} or {@code limit}.
     */
    public boolean matches(ActivityEvent event) {
        return (invoiceIds.isEmpty() || (event.invoiceId() != null && invoiceIds.contains(event.invoiceId())))
                && (wallets.isEmpty() || event.wallets().stream().anyMatch(wallets::contains))
                && (contracts.isEmpty() || contracts.contains(event.contract()))
                && (types.isEmpty() || types.contains(event.type()) || types.contains(event.contract() + ".*"));
    }
}
