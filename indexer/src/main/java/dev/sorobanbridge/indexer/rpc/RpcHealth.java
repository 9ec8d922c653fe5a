package dev.sorobanbridge.indexer.rpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * getHealth. An unhealthy RPC answers with a JSON-RPC error (-32603) rather than a status, so a
 * parsed result is normally {@code "healthy"}.
 *
 * @param oldestLedger          oldest retained ledger; null if not reported
 * @param ledgerRetentionWindow how many ledgers the RPC keeps; null if not reported
 * @param latestLedgerCloseTime null on older RPCs
 * @param oldestLedgerCloseTime null on older RPCs
 */
public record RpcHealth(String status, long latestLedger, Long oldestLedger, Long ledgerRetentionWindow,
                        Instant latestLedgerCloseTime, Instant oldestLedgerCloseTime) {
    static RpcHealth parse(JsonNode result) {
        return new RpcHealth(LenientJson.requiredText(result, "status"), LenientJson.requiredLong(result, "latestLedger"),
                LenientJson.optionalLong(result, "oldestLedger"), LenientJson.optionalLong(result, "ledgerRetentionWindow"),
                LenientJson.optionalEpochSeconds(result, "latestLedgerCloseTime"),
                LenientJson.optionalEpochSeconds(result, "oldestLedgerCloseTime"));
    }
}
