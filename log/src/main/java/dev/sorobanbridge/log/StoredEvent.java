package dev.sorobanbridge.log;

import dev.sorobanbridge.abi.ActivityEvent;

/**
 * An event as the log holds it: parsed, and also as the exact JSON text that was stored, so a
 * server can send {@code json} as its SSE {@code data:} line without serialising again.
 *
 * @param json the {@code ActivityEventJson} text of {@code event}, byte for byte as stored
 */
public record StoredEvent(String id, ActivityEvent event, String json) {}
