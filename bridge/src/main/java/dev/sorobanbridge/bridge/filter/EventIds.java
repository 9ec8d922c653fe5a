package dev.sorobanbridge.bridge.filter;

import dev.sorobanbridge.bridge.http.ApiException;

import java.util.regex.Pattern;

/** Validates event ids that clients send back (Last-Event-ID, lastEventId, after). */
public final class EventIds {
    /** The RPC event id: a 19-digit TOID, a dash, a 10-digit event index. */
    private static final Pattern EVENT_ID = Pattern.compile("^\\d{19}-\\d{10}$");

    private EventIds() {}

    /**
     * @param source how the client sent it, named in the error ("Last-Event-ID header", "after")
     * @return the id, or null when absent or empty (a browser sends no header rather than an empty one,
     *         but proxies and polyfills may send an empty value)
     */
    public static String parse(String value, String source) {
        if (value == null || value.isEmpty()) return null;
        if (!EVENT_ID.matcher(value).matches()) {
            throw ApiException.badRequest("bad_event_id", "The " + source
                    + " must be an event id like 0016010972359577600-0000000001 (19 digits, a dash, 10 digits).");
        }
        return value;
    }
}
