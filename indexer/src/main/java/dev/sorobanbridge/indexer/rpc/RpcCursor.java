package dev.sorobanbridge.indexer.rpc;

import java.util.regex.Pattern;

/**
 * Reads getEvents paging cursors. A cursor has the event-id shape {@code %019d-%010d}: a TOID
 * ({@code ledger << 32 | tx << 12 | op}), a dash, and an event index. Full pages end with the last
 * event's id; other pages end with the end of the scanned window, which is the TOID with tx and op
 * at their maximum ({@code ledger << 32 | 0xFFFFFFFF}).
 */
public final class RpcCursor {
    private static final Pattern SHAPE = Pattern.compile("\\d{1,19}-\\d{1,10}");
    private static final long TX_AND_OP_BITS = 0xFFFF_FFFFL;

    private RpcCursor() {}

    /** True when {@code cursor} is a well-formed cursor (or event id). */
    public static boolean isValid(String cursor) {
        if (cursor == null || !SHAPE.matcher(cursor).matches()) {
            return false;
        }
        try {
            toid(cursor);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The ledger a cursor points into: the TOID's upper 32 bits. */
    public static long ledgerOf(String cursor) {
        return toid(cursor) >>> 32;
    }

    /** True when the cursor is past every event of its ledger, so paging continues at the next ledger. */
    public static boolean endsLedger(String cursor) {
        return (toid(cursor) & TX_AND_OP_BITS) == TX_AND_OP_BITS;
    }

    private static long toid(String cursor) {
        return Long.parseLong(cursor.substring(0, cursor.indexOf('-')));
    }
}
