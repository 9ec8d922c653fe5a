package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.abi.ActivityEvent;

/**
 * A new event on its way to the streams: parsed for filtering, and its stored wire JSON to send as is.
 *
 * @param json the event's {@code ActivityEventJson} text as stored, one line
 */
public record LiveEvent(ActivityEvent event, String json) {
    public String id() {
        return event.id();
    }
}
