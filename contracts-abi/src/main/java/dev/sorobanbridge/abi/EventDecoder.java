package dev.sorobanbridge.abi;

import java.util.List;
import java.util.Map;

/**
 * PLACEHOLDER with the final signature; the catalogue-driven implementation replaces it.
 */
public final class EventDecoder {
    private final String invoiceContractId;

    public EventDecoder(String invoiceContractId, String poolContractId) {
        this.invoiceContractId = invoiceContractId;
    }

    public DecodedEvent decode(RawEvent raw) {
        String contract = raw.contractId().equals(invoiceContractId) ? "invoice" : "pool";
        return new DecodedEvent(new ActivityEvent(raw.id(), contract + ".unknown", contract, raw.contractId(),
                raw.ledger(), raw.ledgerClosedAt(), raw.txHash(), null, List.of(),
                Map.of("topicXdr", raw.topicXdr(), "valueXdr", raw.valueXdr()), List.of()), null);
    }
}
