package dev.sorobanbridge.config;

/**
 * A configured secret (password, seed, HMAC key). Its {@code toString} never shows the value,
 * so a secret can't reach a log line by accident.
 */
public record Secret(String value) {
    public boolean isPresent() {
        return value != null && !value.isEmpty();
    }

    @Override
    public String toString() {
        return isPresent() ? "[redacted]" : "[empty]";
    }
}
