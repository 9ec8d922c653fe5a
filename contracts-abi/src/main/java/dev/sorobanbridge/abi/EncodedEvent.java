package dev.sorobanbridge.abi;

import java.util.List;

/** A contract event as base64 XDR, exactly as Stellar RPC {@code getEvents} carries it. */
public record EncodedEvent(List<String> topicXdr, String valueXdr) {
    public EncodedEvent {
        topicXdr = List.copyOf(topicXdr);
    }
}
