package dev.sorobanbridge.simulator.activity;

import java.util.List;

/** One event a contract published, XDR-encoded as the RPC serves it. */
public record ContractEvent(String contractId, List<String> topicXdr, String valueXdr) {
    public ContractEvent {
        topicXdr = List.copyOf(topicXdr);
    }
}
