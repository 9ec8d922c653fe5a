package dev.sorobanbridge.bridge.filter;

import dev.sorobanbridge.abi.EventId;
import dev.sorobanbridge.bridge.http.ApiException;

/** Validates event ids that clients send back (Last-Event-ID, lastEventId, after) as a 400 with a sentence. */
public final class EventIds {
    private EventIds() {}

    /**
     * @param source how the client sent it, named in the error ("Last-Event-ID header", "after")
     * @return the id, or null when absent or empty (a browser sends no header rather than an empty one,
     *         but proxies and polyfills may send an empty value)
     */
    public static String parse(String value, String source) {
        if (value == null || value.isEmpty()) return null;
        if (!EventId.isValid(value)) {
            throw ApiException.badRequest("bad_event_id", "The " + source
                    + " must be an event id like 0016010972359577600-0000000001 (19 digits, a dash, 10 digits).");
        }
        return value;
    }
}
