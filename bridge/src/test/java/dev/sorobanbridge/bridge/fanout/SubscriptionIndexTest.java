package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.filter.EventFilter;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fan-out only offers what the index hands it: for every combination of filters and events, each
 * subscription must get exactly the events the store's own rule ({@code EventQuery.matches}) selects,
 * each once and in log order.
 */
class SubscriptionIndexTest {
    private static final String W1 = account(1);
    private static final String W2 = account(2);
    private static final String W3 = account(3);
    private static final String W4 = account(4);

    private final SubscriptionRegistry registry =
            new SubscriptionRegistry(new AppConfig.Limits(1_000, 10_000, 1_000, 10_000, 1_000, 1_000, 1_000, 1_000), 16, Clock.systemUTC());

    @Test
    void eachSubscriptionGetsExactlyItsMatchingEventsOnceInOrder() {
        List<Subscription> all = subscribeEveryFilterCombination();
        LiveBatch page = everyEventShape();
        assertEachSubscriptionGetsItsMatches(page);

        // Removing streams (half of them, of every kind) leaves no trace in the index.
        for (int i = 0; i < all.size(); i += 2) registry.remove(all.get(i));
        assertEachSubscriptionGetsItsMatches(page);

        all.forEach(registry::remove);
        assertEquals(Map.of(), registry.batches(page));
    }

    @Test
    void aReadWithNoEventForAStreamLeavesItOut() {
        Subscription invoice = subscribe(0, new EventFilter(Set.of("7"), Set.of(), Set.of(), Set.of()));
        Subscription all = subscribe(1, EventFilter.ALL);
        LiveBatch page = new LiveBatch(List.of(live(event(300, 1, "pool.deposit", null, W1))));
        assertEquals(Map.of(all, page), registry.batches(page), "an unfiltered stream is handed the read itself");
        assertEquals(Map.of(), registry.batches(new LiveBatch(List.of())));
        registry.remove(invoice);
        registry.remove(all);
    }

    private void assertEachSubscriptionGetsItsMatches(LiveBatch page) {
        Map<Subscription, LiveBatch> batches = registry.batches(page);
        Map<Subscription, List<LiveEvent>> expected = new HashMap<>();
        for (Subscription s : registry.open()) {
            EventQuery query = s.filter().query(null, 1);
            List<LiveEvent> matching = page.events().stream().filter(e -> query.matches(e.stored().event())).toList();
            if (!matching.isEmpty()) expected.put(s, matching);
        }
        assertEquals(expected.keySet(), batches.keySet(), "the subscriptions reached");
        for (Subscription s : expected.keySet()) {
            assertEquals(ids(expected.get(s)), ids(batches.get(s).events()), "events for " + s.filter());
        }
        assertTrue(expected.size() > 10, "the combinations include matches");
    }

    /** Every filter over a few invoices, wallets, contracts and types: 3 × 4 × 3 × 3 = 108 streams. */
    private List<Subscription> subscribeEveryFilterCombination() {
        List<Set<String>> invoiceIds = List.of(Set.of(), Set.of("1"), Set.of("1", "2"));
        List<Set<String>> wallets = List.of(Set.of(), Set.of(W1), Set.of(W1, W2), Set.of(W3));
        List<Set<String>> contracts = List.of(Set.of(), Set.of("invoice"), Set.of("pool"));
        List<Set<String>> types = List.of(Set.of(), Set.of("invoice.funded"), Set.of("pool.*"));
        List<Subscription> subscriptions = new ArrayList<>();
        for (Set<String> i : invoiceIds) {
            for (Set<String> w : wallets) {
                for (Set<String> c : contracts) {
                    for (Set<String> t : types) {
                        subscriptions.add(subscribe(subscriptions.size(), new EventFilter(i, w, c, t)));
                    }
                }
            }
        }
        return subscriptions;
    }

    private Subscription subscribe(int n, EventFilter filter) {
        Principal principal = new Principal(account(100 + n), "session-" + n, null, false, "ticket-" + n);
        return registry.register("client-" + n, principal, filter, "10.0.0." + n);
    }

    /** Events of both contracts, with and without an invoice, involving none, one or several wallets, in log order. */
    private static LiveBatch everyEventShape() {
        List<List<String>> walletLists = List.of(List.of(), List.of(W1), List.of(W1, W2), List.of(W2, W1, W3), List.of(W4));
        List<LiveEvent> events = new ArrayList<>();
        int n = 0;
        for (List<String> wallets : walletLists) {
            String[] w = wallets.toArray(String[]::new);
            for (String invoiceId : new String[] {"1", "2", "3"}) {
                events.add(live(event(100, n++, "invoice.created", invoiceId, w)));
                events.add(live(event(100, n++, "invoice.funded", invoiceId, w)));
            }
            events.add(live(event(100, n++, "pool.deposit", null, w)));
            events.add(live(event(100, n++, "pool.withdraw", null, w)));
        }
        return new LiveBatch(List.copyOf(events));
    }

    private static LiveEvent live(ActivityEvent event) {
        return new LiveEvent(new StoredEvent(event, "{}"), new byte[0]);
    }

    private static List<String> ids(List<LiveEvent> events) {
        return events.stream().map(LiveEvent::id).toList();
    }
}
