package dev.sorobanbridge.indexer.rpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads fields of RPC results the way RPC versions actually send them: numbers either as JSON
 * numbers or as decimal strings (Go's {@code ,string}), absent or null optional fields, unknown
 * fields ignored. A value of the wrong kind throws {@link IllegalArgumentException} naming the field.
 */
final class LenientJson {
    private LenientJson() {}

    static Long optionalLong(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("'" + field + "' is not an integer: " + abbreviate(value));
    }

    static long requiredLong(JsonNode object, String field) {
        Long value = optionalLong(object, field);
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    static String optionalText(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is not a string: " + abbreviate(value));
        }
        return value.textValue();
    }

    static String requiredText(JsonNode object, String field) {
        String value = optionalText(object, field);
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    /** A missing value is {@code whenMissing}; strings "true"/"false" are accepted. */
    static boolean optionalBoolean(JsonNode object, String field, boolean whenMissing) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return whenMissing;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
            return Boolean.parseBoolean(value.textValue());
        }
        throw new IllegalArgumentException("'" + field + "' is not a boolean: " + abbreviate(value));
    }

    /** Unix seconds, as a number or a string; null when absent. */
    static Instant optionalEpochSeconds(JsonNode object, String field) {
        Long seconds = optionalLong(object, field);
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    /** An RFC 3339 timestamp such as {@code 2026-07-25T17:20:00Z}. */
    static Instant requiredTimestamp(JsonNode object, String field) {
        String text = requiredText(object, field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' is not an RFC 3339 timestamp: " + abbreviate(object.get(field)));
        }
    }

    static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
