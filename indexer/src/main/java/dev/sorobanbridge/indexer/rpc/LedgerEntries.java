package dev.sorobanbridge.indexer.rpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * getLedgerEntries: the entries found for the keys asked (keys with no entry are simply absent).
 * Sizes are bounded here, before anyone decodes the XDR: no more entries than keys asked, and no
 * entry larger than {@link #MAX_ENTRY_XDR_CHARS}.
 */
public record LedgerEntries(List<Entry> entries, long latestLedger) {
    /** stellar-rpc's own limit on keys per request. */
    public static final int MAX_KEYS = 200;
    /** An account entry with 20 signers and every extension is about 2 KiB of base64; contract data can be larger. */
    public static final int MAX_ENTRY_XDR_CHARS = 128 * 1024;

    /**
     * @param key  the LedgerKey, base64 XDR, as the RPC echoes it
     * @param xdr  the LedgerEntryData, base64 XDR (not decoded here)
     * @param lastModifiedLedger the ledger that last changed the entry
     */
    public record Entry(String key, String xdr, long lastModifiedLedger) {}

    public LedgerEntries {
        entries = List.copyOf(entries);
    }

    static LedgerEntries parse(JsonNode result, int keysAsked) {
        JsonNode list = result.get("entries");
        List<Entry> entries = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException("'entries' is not an array");
            }
            if (list.size() > keysAsked) {
                throw new IllegalArgumentException("'entries' has " + list.size() + " entries for " + keysAsked + " keys");
            }
            for (JsonNode entry : list) {
                if (!entry.isObject()) {
                    throw new IllegalArgumentException("an entry is not an object");
                }
                String xdr = LenientJson.requiredText(entry, "xdr");
                if (xdr.length() > MAX_ENTRY_XDR_CHARS) {
                    throw new IllegalArgumentException("an entry's 'xdr' is " + xdr.length() + " characters, more than "
                            + MAX_ENTRY_XDR_CHARS);
                }
                String key = LenientJson.requiredText(entry, "key");
                Long modified = LenientJson.optionalLong(entry, "lastModifiedLedgerSeq");
                entries.add(new Entry(key, xdr, modified == null ? 0 : modified));
            }
        }
        return new LedgerEntries(entries, LenientJson.requiredLong(result, "latestLedger"));
    }
}
