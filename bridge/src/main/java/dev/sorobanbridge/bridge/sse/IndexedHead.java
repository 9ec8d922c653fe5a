package dev.sorobanbridge.bridge.sse;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.health.IndexerState;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.EventQuery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What {@code connected} and {@code heartbeat} tell a page about freshness: the newest ledger the log
 * holds an event of, that ledger's close time, and how far the indexer is behind the chain.
 *
 * <p>The ledger and its close time come from the log, so every node of a cluster reports the same
 * head, and it is the ledger of the id that history's {@code head} names. The lag is what this node's
 * own indexer measured at its last poll (the RPC's latest ledger minus the committed cursor): only an
 * indexer that polls sees the chain. On a node that does not poll (role {@code bridge}, a standby,
 * or before the first poll) it is null rather than a guess: the log alone cannot tell a quiet
 * contract from a stalled indexer. A page reads "no heartbeat" as a dead connection, an unchanging
 * ledger with a small lag as no activity, and a growing lag as an indexer falling behind.
 *
 * <p>Every stream asks at each heartbeat, so the answer is read from the store at most once per
 * {@link #MAX_AGE} for the whole node.
 */
public final class IndexedHead {
    private static final System.Logger LOG = System.getLogger(IndexedHead.class.getName());
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    /**
     * @param ledger         the newest ledger the log holds an event of; null when the log is empty
     * @param ledgerClosedAt that ledger's close time; null when the log is empty
     * @param lagLedgers     this node's indexer's lag in ledgers; null when this node does not measure it
     */
    public record Head(Long ledger, Instant ledgerClosedAt, Long lagLedgers) {
        static final Head UNKNOWN = new Head(null, null, null);
    }

    private record Reading(Head head, Instant readAt) {}

    private final EventLog log;
    private final Supplier<IndexerState> indexer;
    private final Clock clock;
    /** Serialises the store reads; streams that wait take the fresh answer their predecessor read. */
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Reading last;

    /** @param indexer this node's indexer state, or null when it runs none */
    public IndexedHead(EventLog log, Supplier<IndexerState> indexer, Clock clock) {
        this.log = log;
        this.indexer = indexer;
        this.clock = clock;
    }

    /** The head as of at most {@link #MAX_AGE} ago; the last known one while the store cannot answer. */
    public Head current() {
        Reading r = last;
        if (r != null && fresh(r)) return r.head();
        reading.lock();
        try {
            r = last;
            if (r != null && fresh(r)) return r.head();
            Head head = read(r == null ? Head.UNKNOWN : r.head());
            last = new Reading(head, clock.instant());
            return head;
        } finally {
            reading.unlock();
        }
    }

    private boolean fresh(Reading r) {
        return clock.instant().isBefore(r.readAt().plus(MAX_AGE));
    }

    private Head read(Head previous) {
        Long lag = lag();
        try {
            List<ActivityEvent> newest = log.read(EventQuery.newest(null, 1));
            if (newest.isEmpty()) return new Head(null, null, lag);
            ActivityEvent event = newest.getFirst();
            return new Head(event.ledger(), event.ledgerClosedAt(), lag);
        } catch (RuntimeException storeDown) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read the log's head: " + storeDown.getMessage());
            return new Head(previous.ledger(), previous.ledgerClosedAt(), lag);
        }
    }

    private Long lag() {
        if (indexer == null) return null;
        IndexerState state = indexer.get();
        return state.leader() && state.lagLedgers().isPresent() ? state.lagLedgers().getAsLong() : null;
    }
}
