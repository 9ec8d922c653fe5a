package dev.sorobanbridge.bridge.filter;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.log.EventQuery;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a stream or a history page selects: AND across the four sets, OR within one, an empty set
 * matching everything. The live fan-out ({@link #matches}) and the store apply the same rule, that of
 * {@link EventQuery}, so replayed and live events are selected alike.
 */
public record EventFilter(Set<String> invoiceIds, Set<String> wallets, Set<String> contracts, Set<String> types) {
    public static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Set.of(), Set.of());

    public EventFilter {
        invoiceIds = Set.copyOf(invoiceIds);
        wallets = Set.copyOf(wallets);
        contracts = Set.copyOf(contracts);
        types = Set.copyOf(types);
    }

    public EventQuery query(String afterId, int limit) {
        return new EventQuery(afterId, invoiceIds, wallets, contracts, types, limit);
    }

    /** A read between two ids (either null: unbounded), in the given order. */
    public EventQuery query(String afterId, String beforeId, EventQuery.Order order, int limit) {
        return new EventQuery(afterId, invoiceIds, wallets, contracts, types, limit, beforeId, order);
    }

    /** This filter in memory, by the store's own rule ({@link EventQuery#matches}): what live fan-out applies. */
    public boolean matches(ActivityEvent event) {
        return EventQuery.matches(event, invoiceIds, wallets, contracts, types);
    }

    /** A stable, readable key for grouping subscriptions in {@code /events/stats}; wallets are not shown. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        append(sb, "invoiceId", invoiceIds);
        if (!wallets.isEmpty()) sb.append(sb.isEmpty() ? "" : "&").append("wallet=").append(wallets.size());
        append(sb, "contract", contracts);
        append(sb, "type", types);
        return sb.isEmpty() ? "all" : sb.toString();
    }

    private static void append(StringBuilder sb, String name, Set<String> values) {
        if (values.isEmpty()) return;
        if (!sb.isEmpty()) sb.append('&');
        sb.append(name).append('=').append(String.join(",", new TreeSet<>(values)));
    }
}
