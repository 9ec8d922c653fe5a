package dev.sorobanbridge.bridge.auth;

import java.util.Optional;

/**
 * Where SEP-10 reads an account's ledger entry (its signers and thresholds) from the network. The
 * application implements it with the indexer's RPC client ({@code getLedgerEntries}), so the bridge
 * does not know the RPC client or the indexer.
 */
@FunctionalInterface
public interface AccountEntries {
    /**
     * @param ledgerKey the account's LedgerKey, base64 XDR
     * @return its LedgerEntryData, base64 XDR (size-bounded by the implementation, not decoded), or
     *         empty when the account does not exist
     * @throws Unavailable when the network cannot be asked or answers nonsense
     */
    Optional<String> entry(String ledgerKey) throws Unavailable;

    /** The network could not be asked; the message is one sentence for the log. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
