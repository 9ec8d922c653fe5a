package dev.sorobanbridge.log;

/**
 * Where the indexer resumes.
 *
 * @param rpcCursor the RPC's opaque paging cursor to continue after, or null to start at
 *                  {@code ledger} with {@code startLedger}
 * @param ledger    the last ledger fully scanned (with a null rpcCursor: the next ledger to scan)
 */
public record Cursor(String rpcCursor, long ledger) {
    public static Cursor startAt(long ledger) {
        return new Cursor(null, ledger);
    }
}
