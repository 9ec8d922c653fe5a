package dev.sorobanbridge.simulator.chain;

import dev.sorobanbridge.simulator.SimulatedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The ledgers the simulated RPC still retains. Appending a ledger drops those that fell out of
 * the retention window, so a long demo run holds a bounded number of events. Thread-safe: one
 * closer appends while any number of requests read.
 */
public final class Chain {
    private final long retentionLedgers;
    private final NavigableMap<Long, ClosedLedger> ledgers = new TreeMap<>();
    // a reader must see oldest, latest and the events between them from one moment
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public Chain(long retentionLedgers) {
        this.retentionLedgers = retentionLedgers;
    }

    /** The retained range and its close times, as one consistent snapshot. */
    public record Range(ClosedLedger oldest, ClosedLedger latest) {
    }

    /**
     * @throws IllegalStateException if the ledger does not directly follow the latest one
     */
    public void append(ClosedLedger ledger) {
        lock.writeLock().lock();
        try {
            if (!ledgers.isEmpty() && ledger.sequence() != ledgers.lastKey() + 1) {
                throw new IllegalStateException(
                        "ledger " + ledger.sequence() + " does not follow " + ledgers.lastKey());
            }
            ledgers.put(ledger.sequence(), ledger);
            long oldestKept = ledger.sequence() - retentionLedgers + 1;
            ledgers.headMap(oldestKept, false).clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * @throws IllegalStateException before the first ledger is appended
     */
    public Range range() {
        lock.readLock().lock();
        try {
            return currentRange();
        } finally {
            lock.readLock().unlock();
        }
    }

    public Optional<ClosedLedger> ledger(long sequence) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(ledgers.get(sequence));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Events at or after {@code from} and before ledger {@code endLedgerExclusive} that match, in
     * chain order, stopping after {@code limit} matches.
     */
    public List<SimulatedEvent> scan(EventPosition from, long endLedgerExclusive, Predicate<SimulatedEvent> matches,
                                     int limit) {
        lock.readLock().lock();
        try {
            List<SimulatedEvent> found = new ArrayList<>();
            for (ClosedLedger ledger : ledgers.subMap(from.ledger(), true, endLedgerExclusive, false).values()) {
                for (SimulatedEvent event : ledger.events()) {
                    if (positionOf(event).compareTo(from) >= 0 && matches.test(event)) {
                        found.add(event);
                        if (found.size() == limit) {
                            return found;
                        }
                    }
                }
            }
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    public static EventPosition positionOf(SimulatedEvent event) {
        return new EventPosition(event.ledger(), event.transactionIndex(), event.operationIndex(), event.eventIndex());
    }

    private Range currentRange() {
        if (ledgers.isEmpty()) {
            throw new IllegalStateException("no ledger has closed yet");
        }
        return new Range(ledgers.firstEntry().getValue(), ledgers.lastEntry().getValue());
    }
}
