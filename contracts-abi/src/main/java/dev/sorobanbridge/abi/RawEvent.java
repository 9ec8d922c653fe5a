package dev.sorobanbridge.abi;

import java.time.Instant;
import java.util.List;

/**
 * One contract event exactly as Stellar RPC {@code getEvents} returned it: topics and value are
 * still base64 XDR {@code ScVal}s. Decoding happens in {@link EventDecoder}.
 *
 * @param inSuccessfulContractCall deprecated by the RPC; a missing value is taken as true
 */
public record RawEvent(String id, long ledger, Instant ledgerClosedAt, String contractId, String txHash,
                       List<String> topicXdr, String valueXdr, boolean inSuccessfulContractCall) {
    public RawEvent {
        topicXdr = List.copyOf(topicXdr);
    }
}
