package dev.sorobanbridge.simulator.chain;

import dev.sorobanbridge.abi.EventId;
import java.util.Comparator;

/**
 * Where an event sits in the chain, which is also its RPC id and a {@code getEvents} cursor:
 * {@code %019d-%010d} of the TOID (ledger&lt;&lt;32 | tx&lt;&lt;12 | op) and the event index.
 * Positions order exactly as the chain does.
 */
public record EventPosition(long ledger, long tx, long op, long event) implements Comparable<EventPosition> {
    public static final long MAX_TX = 0xF_FFFFL;
    public static final long MAX_OP = 0xFFFL;
    public static final long MAX_EVENT = EventId.MAX_INDEX;

    private static final Comparator<EventPosition> ORDER = Comparator.comparingLong(EventPosition::ledger)
            .thenComparingLong(EventPosition::tx)
            .thenComparingLong(EventPosition::op)
            .thenComparingLong(EventPosition::event);

    /** The first possible position in a ledger: a {@code startLedger} is inclusive. */
    public static EventPosition startOf(long ledger) {
        return new EventPosition(ledger, 0, 0, 0);
    }

    /**
     * The last possible position in a ledger. stellar-rpc answers a short page with this for the
     * last scanned ledger, so the next page continues after everything scanned.
     */
    public static EventPosition endOf(long ledger) {
        return new EventPosition(ledger, MAX_TX, MAX_OP, MAX_EVENT);
    }

    /**
     * Parses an event id used as a cursor.
     *
     * @throws IllegalArgumentException when it is not an {@link EventId}
     */
    public static EventPosition parse(String id) {
        EventId parsed;
        try {
            parsed = EventId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid event id " + id, e); // stellar-rpc's wording
        }
        long toid = parsed.toid();
        return new EventPosition(parsed.ledger(), (toid >>> 12) & MAX_TX, toid & MAX_OP, parsed.index());
    }

    /** Where a scan starts when paging: right after this position (a cursor is exclusive). */
    public EventPosition nextEvent() {
        return new EventPosition(ledger, tx, op, event + 1);
    }

    public long toid() {
        return (ledger << 32) | (tx << 12) | op;
    }

    /** The RPC form, e.g. {@code 0016010972359577600-0000000001}. */
    public String id() {
        return new EventId(toid(), event).toString();
    }

    @Override
    public int compareTo(EventPosition other) {
        return ORDER.compare(this, other);
    }
}
