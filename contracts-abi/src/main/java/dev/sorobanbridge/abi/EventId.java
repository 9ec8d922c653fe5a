package dev.sorobanbridge.abi;

/**
 * A Stellar RPC event id, which is also a {@code getEvents} paging cursor and the SSE {@code id:}
 * of an activity event: {@code %019d-%010d} of a TOID ({@code ledger << 32 | tx << 12 | op}) and
 * the event's index within its operation, e.g. {@code 0016010972359577600-0000000001}.
 *
 * <p>Ids order as the chain does. Because both parts are zero-padded to a fixed width, the text
 * form sorts the same way as this record, which is why the event log can keep ids as text.
 *
 * @param toid  the transaction-operation id; never negative
 * @param index the event's index, {@code 0..2^32-1}
 */
public record EventId(long toid, long index) implements Comparable<EventId> {
    /** The length of every id: 19 digits, a dash, 10 digits. */
    public static final int LENGTH = 30;
    /** The largest event index (an unsigned 32-bit number). */
    public static final long MAX_INDEX = 0xFFFF_FFFFL;

    private static final int DASH = 19;
    private static final long TX_AND_OP_BITS = 0xFFFF_FFFFL;
    /** How much of a malformed id an error message repeats: ids come from clients and the network. */
    private static final int QUOTED = 40;

    public EventId {
        if (toid < 0 || index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("an event id needs a non-negative TOID and an index up to "
                    + MAX_INDEX + ", got " + toid + " and " + index);
        }
    }

    /**
     * Reads an id in its exact wire form. The length is checked before anything else, so a huge
     * value costs nothing.
     *
     * @throws IllegalArgumentException with a sentence quoting (the start of) the text
     */
    public static EventId parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an event id is missing");
        }
        if (!hasShape(text)) {
            throw malformed(text);
        }
        try {
            return new EventId(Long.parseLong(text, 0, DASH, 10), Long.parseLong(text, DASH + 1, LENGTH, 10));
        } catch (IllegalArgumentException e) { // a TOID beyond 2^63-1, or an index beyond 2^32-1
            throw malformed(text);
        }
    }

    /** True when {@link #parse} would accept {@code text}. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The ledger the id points into: the TOID's upper 32 bits. */
    public long ledger() {
        return toid >>> 32;
    }

    /**
     * True when this is past every event of its ledger (tx and op at their maximum): stellar-rpc ends
     * a short page with such a cursor, so paging continues at the next ledger.
     */
    public boolean endsLedger() {
        return (toid & TX_AND_OP_BITS) == TX_AND_OP_BITS;
    }

    @Override
    public int compareTo(EventId other) {
        int byToid = Long.compare(toid, other.toid);
        return byToid != 0 ? byToid : Long.compare(index, other.index);
    }

    /** The wire form, e.g. {@code 0016010972359577600-0000000001}. */
    @Override
    public String toString() {
        return String.format("%019d-%010d", toid, index);
    }

    private static boolean hasShape(String text) {
        if (text.length() != LENGTH || text.charAt(DASH) != '-') return false;
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (i != DASH && (c < '0' || c > '9')) return false;
        }
        return true;
    }

    private static IllegalArgumentException malformed(String text) {
        String quoted = text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "…";
        return new IllegalArgumentException("invalid event id '" + quoted
                + "': expected 19 digits, a dash and 10 digits, like 0016010972359577600-0000000001");
    }
}
