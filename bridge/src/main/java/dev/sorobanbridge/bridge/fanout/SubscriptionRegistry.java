package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.filter.EventFilter;
import dev.sorobanbridge.bridge.http.ApiException;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.StoredEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open streams of this node, with their admission rules: at most {@code max-streams-per-wallet}
 * per account, {@code max-streams-per-ip} per client address (IPv6: per /64; wallets are free, so only
 * this cap bounds what one client holds) and {@code max-streams-per-node} in all (429 + Retry-After
 * beyond), and one stream per
 * ticket (a new stream with the same ticket replaces the old one: that is how a browser's
 * EventSource reconnects).
 */
public final class SubscriptionRegistry {
    private static final System.Logger LOG = System.getLogger(SubscriptionRegistry.class.getName());
    /** Retry-After for a full node or wallet: spread over 5–15 s so rejected clients do not return together. */
    private static final long RETRY_AFTER_MIN_SECONDS = 5;
    private static final long RETRY_AFTER_MAX_SECONDS = 15;

    private final AppConfig.Limits limits;
    private final int queueCapacity;
    private final Clock clock;
    /** Read without locking by statistics and metrics. */
    private final Collection<Subscription> open = ConcurrentHashMap.newKeySet();
    /** The same subscriptions, found by what they watch: read without locking by the fan-out on every event. */
    private final SubscriptionIndex index = new SubscriptionIndex();
    /** Guards the counters and the ticket table below; never held during I/O. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> perWallet = new HashMap<>();
    private final Map<String, Integer> perClient = new HashMap<>();
    /** The client key each open stream counts against. */
    private final Map<Subscription, String> clientKeys = new HashMap<>();
    private final Map<String, Subscription> byTicket = new HashMap<>();
    private boolean draining;

    public SubscriptionRegistry(AppConfig.Limits limits, int queueCapacity, Clock clock) {
        this.limits = limits;
        this.queueCapacity = queueCapacity;
        this.clock = clock;
    }

    /**
     * Admits a new stream, replacing the open stream of the same ticket if there is one.
     *
     * @param clientKey the client address as per-IP limits count it ({@code ClientAddress.limitKey()})
     * @throws ApiException 429 over a cap, 503 while the node drains
     */
    public Subscription register(String clientId, Principal principal, EventFilter filter, String clientKey) {
        Subscription replaced = null;
        String replacedKey = null;
        Subscription added = new Subscription(clientId, principal, filter, queueCapacity, clock.instant());
        lock.lock();
        try {
            if (draining) {
                throw new ApiException(503, "shutting_down",
                        "This node is shutting down; reconnect to continue.", retryAfter());
            }
            if (principal.ticketId() != null) {
                replaced = byTicket.get(principal.ticketId());
                if (replaced != null) {
                    replacedKey = clientKeys.get(replaced);
                    forget(replaced);
                }
            }
            if (open.size() >= limits.maxStreamsPerNode()) {
                restore(replaced, replacedKey);
                throw new ApiException(429, "too_many_streams",
                        "This node serves its maximum number of streams; try again later.", retryAfter());
            }
            if (perWallet.getOrDefault(principal.account(), 0) >= limits.maxStreamsPerWallet()) {
                restore(replaced, replacedKey);
                throw new ApiException(429, "too_many_streams_for_wallet", "This wallet already has "
                        + limits.maxStreamsPerWallet() + " open streams; close one or try again later.", retryAfter());
            }
            if (perClient.getOrDefault(clientKey, 0) >= limits.maxStreamsPerIp()) {
                restore(replaced, replacedKey);
                throw new ApiException(429, "too_many_streams_for_address", "This address already has "
                        + limits.maxStreamsPerIp() + " open streams; close one or try again later.", retryAfter());
            }
            open.add(added);
            index.add(added);
            perWallet.merge(principal.account(), 1, Integer::sum);
            perClient.merge(clientKey, 1, Integer::sum);
            clientKeys.put(added, clientKey);
            if (principal.ticketId() != null) byTicket.put(principal.ticketId(), added);
        } finally {
            lock.unlock();
        }
        if (replaced != null) {
            LOG.log(System.Logger.Level.DEBUG, "stream " + replaced.clientId() + " replaced by " + clientId);
            replaced.closeNow(CloseReason.REPLACED);
        }
        return added;
    }

    /** Forgets a stream (idempotent). */
    public void remove(Subscription subscription) {
        lock.lock();
        try {
            forget(subscription);
        } finally {
            lock.unlock();
        }
    }

    /** Every open stream; weakly consistent, never blocks. */
    public Collection<Subscription> open() {
        return open;
    }

    /**
     * What one read of the log brings each open stream: its matching events in log order; streams that
     * match none are absent. Never blocks.
     *
     * @param page the whole read: every unfiltered subscription is handed this same batch
     */
    Map<Subscription, LiveBatch> batches(LiveBatch page) {
        return index.batches(page);
    }

    public int size() {
        return open.size();
    }

    /** Refuses new streams from now on and returns those still open, for a graceful drain. */
    public List<Subscription> startDraining() {
        lock.lock();
        try {
            draining = true;
            return List.copyOf(open);
        } finally {
            lock.unlock();
        }
    }

    private void forget(Subscription subscription) {
        if (!open.remove(subscription)) return;
        index.remove(subscription);
        perWallet.computeIfPresent(subscription.principal().account(), (k, n) -> n == 1 ? null : n - 1);
        perClient.computeIfPresent(clientKeys.remove(subscription), (k, n) -> n == 1 ? null : n - 1);
        String ticket = subscription.principal().ticketId();
        if (ticket != null) byTicket.remove(ticket, subscription);
    }

    /** Puts back a stream that a rejected newcomer would have replaced: a refused request changes nothing. */
    private void restore(Subscription replaced, String clientKey) {
        if (replaced == null) return;
        open.add(replaced);
        index.add(replaced);
        perWallet.merge(replaced.principal().account(), 1, Integer::sum);
        perClient.merge(clientKey, 1, Integer::sum);
        clientKeys.put(replaced, clientKey);
        byTicket.put(replaced.principal().ticketId(), replaced);
    }

    private static Duration retryAfter() {
        return Duration.ofSeconds(ThreadLocalRandom.current().nextLong(RETRY_AFTER_MIN_SECONDS, RETRY_AFTER_MAX_SECONDS + 1));
    }
}
