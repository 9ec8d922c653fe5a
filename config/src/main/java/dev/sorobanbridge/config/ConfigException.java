package dev.sorobanbridge.config;

/**
 * The configuration cannot be used. The message is one sentence for the operator: it names
 * the key, the environment variable or file the value came from, and what is expected. It
 * never contains a secret value.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
