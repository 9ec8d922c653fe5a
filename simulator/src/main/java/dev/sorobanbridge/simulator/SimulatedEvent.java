package dev.sorobanbridge.simulator;

import dev.sorobanbridge.abi.RawEvent;
import java.time.Instant;
import java.util.List;

/**
 * One contract event as the simulated RPC serves it: the fields of a {@code getEvents} event.
 *
 * @param id                       {@code %019d-%010d}: TOID (ledger&lt;&lt;32 | tx&lt;&lt;12 | op), event index
 * @param topicXdr                 base64 XDR {@code ScVal}s: {@code [Symbol namespace, Symbol action]}
 * @param valueXdr                 base64 XDR {@code ScVal}
 * @param inSuccessfulContractCall false for the ~2% of events from calls that failed (rolled back)
 */
public record SimulatedEvent(String id, long ledger, int transactionIndex, int operationIndex, int eventIndex,
                             Instant closedAt, String contractId, String txHash, List<String> topicXdr,
                             String valueXdr, boolean inSuccessfulContractCall) {
    public SimulatedEvent {
        topicXdr = List.copyOf(topicXdr);
    }

    /** The same event as contracts-abi's input type, so a test can decode it directly. */
    public RawEvent toRawEvent() {
        return new RawEvent(id, ledger, closedAt, contractId, txHash, topicXdr, valueXdr, inSuccessfulContractCall);
    }
}
