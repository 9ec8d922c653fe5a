package dev.sorobanbridge.abi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The normalised activity event: the JSON object that the bridge sends as an SSE {@code data:}
 * line and that the event log stores. Field names and meaning: docs/design.md#activity-events.
 *
 * @param id         the RPC event id, the text form of an {@link EventId}; ordered, unique, stable
 * @param type       {@code <contract>.<action>}, or {@code <contract>.unknown}
 * @param contract   {@code invoice} or {@code pool}
 * @param invoiceId  decimal string, or null when the event is not about one invoice
 * @param wallets    every account (G…) the event involves, without duplicates
 * @param data       decoded fields by name; u64/i128 as decimal strings, addresses as strkeys
 * @param invalidate cache keys a frontend should invalidate, e.g. {@code ["invoice","42"]}
 */
public record ActivityEvent(String id, String type, String contract, String contractId, long ledger,
                            Instant ledgerClosedAt, String txHash, String invoiceId, List<String> wallets,
                            Map<String, Object> data, List<List<String>> invalidate) {
    public ActivityEvent {
        wallets = List.copyOf(wallets);
        invalidate = invalidate.stream().map(List::copyOf).toList();
    }
}
