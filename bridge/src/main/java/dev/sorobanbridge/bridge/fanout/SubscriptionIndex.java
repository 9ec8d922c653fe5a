package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.filter.EventFilter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds the subscriptions an event matches without looking at the others: with 10,000 streams, most
 * of them watching one invoice or one wallet, checking every stream for every event is what limited
 * the fan-out.
 *
 * <p>A subscription without any filter gets every event: it is handed the whole read as it is. One
 * filtered by invoice is kept under each of its invoice ids; one filtered by wallet (and not by
 * invoice) under each of its wallets; any other (only contract or type) in one list checked for every
 * event. An event therefore visits the subscriptions of its own invoice, of its own wallets, and that
 * list; each candidate is then checked with its full filter, which is the store's own rule, so live
 * and replayed events are still selected alike.
 *
 * <p>Changed by the registry under its lock; read without locking by the fan-out. Reads are weakly
 * consistent: a subscription added during a dispatch may or may not be visited, and its own replay
 * covers what it misses.
 */
final class SubscriptionIndex {
    private final Set<Subscription> unfiltered = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Subscription>> byInvoiceId = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscription>> byWallet = new ConcurrentHashMap<>();
    private final Set<Subscription> byContractOrType = ConcurrentHashMap.newKeySet();

    void add(Subscription subscription) {
        EventFilter filter = subscription.filter();
        if (!filter.invoiceIds().isEmpty()) {
            for (String invoiceId : filter.invoiceIds()) put(byInvoiceId, invoiceId, subscription);
        } else if (!filter.wallets().isEmpty()) {
            for (String wallet : filter.wallets()) put(byWallet, wallet, subscription);
        } else if (filter.equals(EventFilter.ALL)) {
            unfiltered.add(subscription);
        } else {
            byContractOrType.add(subscription);
        }
    }

    void remove(Subscription subscription) {
        EventFilter filter = subscription.filter();
        if (!filter.invoiceIds().isEmpty()) {
            for (String invoiceId : filter.invoiceIds()) delete(byInvoiceId, invoiceId, subscription);
        } else if (!filter.wallets().isEmpty()) {
            for (String wallet : filter.wallets()) delete(byWallet, wallet, subscription);
        } else if (filter.equals(EventFilter.ALL)) {
            unfiltered.remove(subscription);
        } else {
            byContractOrType.remove(subscription);
        }
    }

    /**
     * What one read of the log brings each subscription: its matching events in log order. Subscriptions
     * that match none are absent.
     *
     * @param page the whole read: every unfiltered subscription is handed this same batch
     */
    Map<Subscription, LiveBatch> batches(LiveBatch page) {
        Map<Subscription, LiveBatch> batches = new HashMap<>();
        if (page.size() == 0) return batches;
        for (Subscription subscription : unfiltered) batches.put(subscription, page);
        Map<Subscription, List<LiveEvent>> filtered = new HashMap<>();
        for (LiveEvent event : page.events()) {
            forEachFilteredMatch(event.stored().event(),
                    s -> filtered.computeIfAbsent(s, k -> new ArrayList<>()).add(event));
        }
        filtered.forEach((subscription, events) -> batches.put(subscription, new LiveBatch(events)));
        return batches;
    }

    /** Calls {@code action} once for every subscription with a filter that matches the event. */
    private void forEachFilteredMatch(ActivityEvent event, Consumer<Subscription> action) {
        if (event.invoiceId() != null) visit(byInvoiceId.get(event.invoiceId()), event, action);
        List<String> wallets = event.wallets();
        for (int i = 0; i < wallets.size(); i++) {
            Set<Subscription> watching = byWallet.get(wallets.get(i));
            if (watching == null) continue;
            for (Subscription subscription : watching) {
                // A stream watching two of the event's wallets is kept under both: take it at the first only.
                if (watchesEarlierWallet(subscription, wallets, i)) continue;
                if (subscription.matches(event)) action.accept(subscription);
            }
        }
        visit(byContractOrType, event, action);
    }

    private static void visit(Set<Subscription> candidates, ActivityEvent event, Consumer<Subscription> action) {
        if (candidates == null) return;
        for (Subscription subscription : candidates) {
            if (subscription.matches(event)) action.accept(subscription);
        }
    }

    private static boolean watchesEarlierWallet(Subscription subscription, List<String> wallets, int index) {
        Set<String> watched = subscription.filter().wallets();
        for (int j = 0; j < index; j++) {
            if (watched.contains(wallets.get(j))) return true;
        }
        return false;
    }

    private static void put(Map<String, Set<Subscription>> index, String key, Subscription subscription) {
        index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscription);
    }

    private static void delete(Map<String, Set<Subscription>> index, String key, Subscription subscription) {
        index.computeIfPresent(key, (k, set) -> set.remove(subscription) && set.isEmpty() ? null : set);
    }
}
