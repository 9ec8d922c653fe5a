package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.log.StoredEvent;

/**
 * A new event as the open streams send it: the stored event and its bytes on the wire, encoded once
 * by the fan-out for every stream it reaches, rather than once by each of thousands of streams.
 */
public record LiveEvent(StoredEvent stored, byte[] frame) {
    public String id() {
        return stored.id();
    }
}
