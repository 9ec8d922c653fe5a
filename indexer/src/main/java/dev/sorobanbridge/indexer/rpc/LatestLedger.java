package dev.sorobanbridge.indexer.rpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * getLatestLedger, reduced to what the indexer needs (the result also carries the ledger hash and
 * large header/metadata XDR, which are ignored).
 *
 * @param closeTime null when the RPC does not report it
 */
public record LatestLedger(long sequence, Instant closeTime) {
    static LatestLedger parse(JsonNode result) {
        return new LatestLedger(LenientJson.requiredLong(result, "sequence"),
                LenientJson.optionalEpochSeconds(result, "closeTime"));
    }
}
