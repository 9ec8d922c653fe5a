package dev.sorobanbridge.simulator;

import java.util.Map;
import java.util.Objects;

/**
 * An account the simulated chain holds, as {@code getLedgerEntries} serves it: the weights and
 * thresholds that SEP-10 logins are checked against. Accounts not added do not exist.
 *
 * @param accountId    G… strkey
 * @param masterWeight weight of the account's own key; 0 disables it
 * @param low          low threshold
 * @param medium       medium threshold (the one SEP-10 uses)
 * @param high         high threshold
 * @param signers      other ed25519 signers (G… strkeys) and their weights, at most 20
 */
public record SimulatedAccount(String accountId, int masterWeight, int low, int medium, int high,
                               Map<String, Integer> signers) {
    public SimulatedAccount {
        Objects.requireNonNull(accountId, "accountId");
        signers = Map.copyOf(signers);
        if (signers.size() > 20) throw new IllegalArgumentException("an account has at most 20 signers");
        for (int weight : new int[] {masterWeight, low, medium, high}) {
            if (weight < 0 || weight > 255) throw new IllegalArgumentException("weights and thresholds are 0..255");
        }
    }

    /** An account with only its master key, weight 1, all thresholds 0: what a new account looks like. */
    public static SimulatedAccount basic(String accountId) {
        return new SimulatedAccount(accountId, 1, 0, 0, 0, Map.of());
    }
}
