package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.abi.MalformedXdrException;
import dev.sorobanbridge.abi.XdrBytes;
import dev.sorobanbridge.bridge.http.ApiException;
import dev.sorobanbridge.indexer.rpc.LedgerEntries;
import dev.sorobanbridge.indexer.rpc.RpcException;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;
import org.stellar.sdk.Sep10Challenge;
import org.stellar.sdk.StrKey;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An account's signers and medium threshold, read from the RPC with {@code getLedgerEntries} on the
 * account's LedgerKey, for SEP-10's threshold check. The entry's XDR is read here with bounded reads
 * (only the fields up to the signers), never handed to the SDK's decoder. Signers of weight 0 (a
 * disabled master key, a removed signer) are left out: they cannot sign for the account.
 */
final class AccountSigners {
    private static final System.Logger LOG = System.getLogger(AccountSigners.class.getName());
    private static final int LEDGER_ENTRY_ACCOUNT = 0;
    private static final int KEY_TYPE_ED25519 = 0;
    private static final int SIGNER_KEY_ED25519 = 0;
    private static final int SIGNER_KEY_SIGNED_PAYLOAD = 3;
    private static final int MAX_SIGNERS = 20;

    /** What the account on chain says about who may sign for it. */
    record OnChain(int mediumThreshold, Set<Sep10Challenge.Signer> signers) {}

    private final StellarRpcClient rpc;

    AccountSigners(StellarRpcClient rpc) {
        this.rpc = rpc;
    }

    /**
     * @return the account's signers, or empty when the account does not exist
     * @throws ApiException 503 when the RPC cannot be asked or answers nonsense
     */
    Optional<OnChain> of(String accountId) {
        byte[] publicKey = StrKey.decodeEd25519PublicKey(accountId);
        String key = Base64.getEncoder().encodeToString(ByteBuffer.allocate(40)
                .putInt(LEDGER_ENTRY_ACCOUNT).putInt(KEY_TYPE_ED25519).put(publicKey).array());
        LedgerEntries answer;
        try {
            answer = rpc.getLedgerEntries(List.of(key));
        } catch (RpcException e) {
            LOG.log(System.Logger.Level.WARNING, "SEP-10: cannot read account " + accountId + " from the RPC: " + e.getMessage());
            throw unavailable();
        }
        if (answer.entries().isEmpty()) return Optional.empty();
        try {
            return Optional.of(parse(answer.entries().getFirst().xdr(), accountId, publicKey));
        } catch (MalformedXdrException e) {
            LOG.log(System.Logger.Level.WARNING, "SEP-10: the RPC's entry for " + accountId + " " + e.getMessage());
            throw unavailable();
        }
    }

    /** Reads a LedgerEntryData (AccountEntry, Stellar-ledger-entries.x) up to its signers. */
    static OnChain parse(String base64, String accountId, byte[] publicKey) throws MalformedXdrException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MalformedXdrException("is not base64");
        }
        XdrBytes xdr = new XdrBytes(bytes);
        if (xdr.readInt(0) != LEDGER_ENTRY_ACCOUNT || xdr.readInt(4) != KEY_TYPE_ED25519) {
            throw new MalformedXdrException("is not an account entry");
        }
        int at = xdr.skip(8, 32);
        if (!Arrays.equals(bytes, 8, 40, publicKey, 0, 32)) {
            throw new MalformedXdrException("is the entry of another account");
        }
        at = xdr.skip(at, 8 + 8 + 4);                                       // balance, sequence, sub-entries
        at = xdr.optional(at) ? xdr.skip(at + 4 + 4, 32) : at + 4;          // inflation destination
        at = xdr.skip(at, 4);                                               // flags
        at = xdr.opaque(at, 32);                                            // home domain
        int thresholds = xdr.readInt(at);                                   // master weight, low, medium, high
        at += 4;
        Set<Sep10Challenge.Signer> signers = new HashSet<>();
        int masterWeight = thresholds >>> 24;
        if (masterWeight > 0) signers.add(new Sep10Challenge.Signer(accountId, masterWeight));
        int count = xdr.count(at, 4 + 32 + 4, MAX_SIGNERS);
        at += 4;
        for (int i = 0; i < count; i++) {
            int type = xdr.readInt(at);
            int keyAt = at + 4;
            at = xdr.skip(keyAt, 32);
            if (type == SIGNER_KEY_SIGNED_PAYLOAD) at = xdr.opaque(at, 64);
            else if (type < 0 || type > SIGNER_KEY_SIGNED_PAYLOAD) throw new MalformedXdrException("has a signer of unknown type " + type);
            int weight = xdr.readInt(at);
            at += 4;
            // Pre-authorised transactions and hash(x) signers cannot sign a challenge; signed payloads neither.
            if (type == SIGNER_KEY_ED25519 && weight > 0) {
                signers.add(new Sep10Challenge.Signer(StrKey.encodeEd25519PublicKey(Arrays.copyOfRange(bytes, keyAt, keyAt + 32)),
                        Math.min(weight, 255)));
            }
        }
        return new OnChain((thresholds >>> 8) & 0xFF, Set.copyOf(signers));
    }

    private static ApiException unavailable() {
        return new ApiException(503, "rpc_unavailable", "The Stellar RPC that holds the account's signers cannot be"
                + " reached; try again shortly.", Duration.ofSeconds(5));
    }
}
