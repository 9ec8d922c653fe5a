package dev.sorobanbridge.log;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.ActivityEventJson;

import java.util.Objects;

/**
 * An event as the log holds it, on its way to a socket: its id and the exact JSON text that was
 * stored, which replay, history and live streams send as their {@code data:} line unchanged. The
 * parsed {@link ActivityEvent} is built only when asked for ({@link #event()}): live fan-out needs
 * its fields to match filters, replay and history never do, since the store has already filtered.
 */
public final class StoredEvent {
    private final String id;
    private final String json;
    private final ActivityEventJson parser;
    /** Parsed on first use; an immutable record, so a second parse in a race is harmless. */
    private volatile ActivityEvent event;

    /** A stored row: {@code json} is parsed with {@code parser} if and when {@link #event()} is called. */
    public StoredEvent(String id, String json, ActivityEventJson parser) {
        this.id = Objects.requireNonNull(id, "id");
        this.json = Objects.requireNonNull(json, "json");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** An event already parsed, with the text to send for it. */
    public StoredEvent(ActivityEvent event, String json) {
        this.id = event.id();
        this.json = Objects.requireNonNull(json, "json");
        this.parser = null;
        this.event = event;
    }

    public String id() {
        return id;
    }

    /** The event's {@code ActivityEventJson} text, byte for byte as stored: one line. */
    public String json() {
        return json;
    }

    /**
     * The parsed event.
     *
     * @throws IllegalArgumentException when the stored text is not activity-event JSON (a row written by hand)
     */
    public ActivityEvent event() {
        ActivityEvent parsed = event;
        if (parsed == null) {
            parsed = parser.read(json);
            event = parsed;
        }
        return parsed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredEvent other && id.equals(other.id) && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, json);
    }

    @Override
    public String toString() {
        return "StoredEvent[" + id + "]";
    }
}
