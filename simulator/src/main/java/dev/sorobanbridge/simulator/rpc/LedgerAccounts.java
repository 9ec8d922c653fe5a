package dev.sorobanbridge.simulator.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.simulator.SimulatedAccount;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.xdr.AccountEntry;
import org.stellar.sdk.xdr.Int64;
import org.stellar.sdk.xdr.LedgerEntry;
import org.stellar.sdk.xdr.LedgerEntryType;
import org.stellar.sdk.xdr.SequenceNumber;
import org.stellar.sdk.xdr.Signer;
import org.stellar.sdk.xdr.String32;
import org.stellar.sdk.xdr.Thresholds;
import org.stellar.sdk.xdr.Uint32;
import org.stellar.sdk.xdr.XdrString;
import org.stellar.sdk.xdr.XdrUnsignedInteger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The account entries of the simulated chain and {@code getLedgerEntries} over them, as stellar-rpc
 * answers it: {@code {"entries": [{"key", "xdr", "lastModifiedLedgerSeq"}], "latestLedger"}}, where
 * {@code xdr} is the base64 {@code LedgerEntryData}; keys with no entry are left out. Only account
 * keys can be found here (the simulator holds no other entries). Thread-safe.
 */
public final class LedgerAccounts {
    private static final int MAX_KEYS = 200;
    /** LedgerKey ACCOUNT: type (4), PublicKey type ed25519 (4), 32 key bytes. */
    private static final int ACCOUNT_KEY_BYTES = 40;

    private final Map<String, Stored> accounts = new ConcurrentHashMap<>();
    private final LongSupplier latestLedger;

    private record Stored(SimulatedAccount account, long lastModifiedLedger) {}

    record Entry(String key, String xdr, long lastModifiedLedgerSeq) {}

    record Answer(List<Entry> entries, long latestLedger) {}

    public LedgerAccounts(LongSupplier latestLedger) {
        this.latestLedger = latestLedger;
    }

    /** Adds or replaces an account, as if changed in the latest ledger. */
    public void put(SimulatedAccount account) {
        accounts.put(account.accountId(), new Stored(account, latestLedger.getAsLong()));
    }

    public void remove(String accountId) {
        accounts.remove(accountId);
    }

    Answer answer(JsonNode params) {
        JsonNode keys = params.get("keys");
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            throw RpcException.invalidParams("keys must be a non-empty array of base64 LedgerKeys");
        }
        if (keys.size() > MAX_KEYS) {
            throw RpcException.invalidParams("key list size " + keys.size() + " exceeds the limit of " + MAX_KEYS);
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode key : keys) {
            if (!key.isTextual()) throw RpcException.invalidParams("keys must be base64 strings");
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(key.textValue());
            } catch (IllegalArgumentException e) {
                throw RpcException.invalidParams("cannot unmarshal key value " + key.textValue());
            }
            String accountId = accountOf(bytes);
            Stored stored = accountId == null ? null : accounts.get(accountId);
            if (stored != null) {
                entries.add(new Entry(key.textValue(), entryXdr(stored.account()), stored.lastModifiedLedger()));
            }
        }
        return new Answer(entries, latestLedger.getAsLong());
    }

    /** The account of an ACCOUNT ledger key, or null for any other kind of key. */
    private static String accountOf(byte[] key) {
        if (key.length != ACCOUNT_KEY_BYTES) return null;
        ByteBuffer buffer = ByteBuffer.wrap(key);
        if (buffer.getInt() != LedgerEntryType.ACCOUNT.getValue() || buffer.getInt() != 0) return null;
        return StrKey.encodeEd25519PublicKey(Arrays.copyOfRange(key, 8, ACCOUNT_KEY_BYTES));
    }

    private static String entryXdr(SimulatedAccount account) {
        AccountEntry entry = new AccountEntry();
        entry.setAccountID(KeyPair.fromAccountId(account.accountId()).getXdrAccountId());
        entry.setBalance(new Int64(100_000_000L));
        entry.setSeqNum(new SequenceNumber(new Int64(1L << 32)));
        entry.setNumSubEntries(uint32(account.signers().size()));
        entry.setFlags(uint32(0));
        entry.setHomeDomain(new String32(new XdrString("")));
        entry.setThresholds(new Thresholds(new byte[] {(byte) account.masterWeight(), (byte) account.low(),
                (byte) account.medium(), (byte) account.high()}));
        // stellar-core keeps signers sorted by key
        List<Signer> signers = new ArrayList<>();
        account.signers().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(s -> {
            Signer signer = new Signer();
            signer.setKey(KeyPair.fromAccountId(s.getKey()).getXdrSignerKey());
            signer.setWeight(uint32(s.getValue()));
            signers.add(signer);
        });
        entry.setSigners(signers.toArray(Signer[]::new));
        AccountEntry.AccountEntryExt ext = new AccountEntry.AccountEntryExt();
        ext.setDiscriminant(0);
        entry.setExt(ext);
        LedgerEntry.LedgerEntryData data = new LedgerEntry.LedgerEntryData();
        data.setDiscriminant(LedgerEntryType.ACCOUNT);
        data.setAccount(entry);
        try {
            return data.toXdrBase64();
        } catch (IOException e) {
            throw new UncheckedIOException("writing XDR to memory failed", e);
        }
    }

    private static Uint32 uint32(long value) {
        return new Uint32(new XdrUnsignedInteger(value));
    }
}
