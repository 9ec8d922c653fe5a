package dev.sorobanbridge.bridge.support;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.ConfigException;
import dev.sorobanbridge.config.ConfigLoader;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A configuration for in-process tests, loaded by the real {@link ConfigLoader} from default.yaml
 * with environment overrides: SQLite in the test's directory, port 0 on loopback, short timings.
 */
public final class TestConfig {
    /** What every in-process test node runs with, by config key; a test's own settings win. */
    private static final Map<String, String> BASE = Map.ofEntries(
            Map.entry("rpc.url", "http://127.0.0.1:1"),
            Map.entry("rpc.network-passphrase", "Standalone Network ; February 2017"),
            Map.entry("rpc.timeout", "5s"),
            Map.entry("contracts.invoice", TestEvents.INVOICE_CONTRACT),
            Map.entry("contracts.pool", TestEvents.POOL_CONTRACT),
            Map.entry("storage.pool-size", "4"),
            Map.entry("storage.retention.max-age", ""),
            Map.entry("server.host", "127.0.0.1"),
            Map.entry("server.port", "0"),
            Map.entry("server.shutdown-drain", "200ms"),
            Map.entry("auth.jwt.issuer", "http://localhost"),
            Map.entry("auth.jwt.hs256-secret", "0123456789abcdef0123456789abcdef"),
            Map.entry("auth.allow-query-token", "true"),
            Map.entry("stream.queue-capacity", "256"),
            Map.entry("limits.max-streams-per-wallet", "50"),
            Map.entry("limits.max-streams-per-node", "1000"),
            Map.entry("limits.connects-per-minute-per-ip", "1000"),
            Map.entry("limits.max-streams-per-ip", "1000"),
            Map.entry("limits.challenges-per-minute-per-ip", "1000"),
            Map.entry("limits.logins-per-minute-per-ip", "1000"),
            Map.entry("limits.tickets-per-minute-per-session", "1000"),
            Map.entry("limits.history-per-minute-per-ip", "1000"));

    private TestConfig() {}

    public static AppConfig create(Path dataDir) {
        return create(dataDir, Map.of());
    }

    /** @param settings config keys ({@code stream.heartbeat}) and values as default.yaml writes them ({@code 200ms}) */
    public static AppConfig create(Path dataDir, Map<String, String> settings) {
        Map<String, String> keys = new HashMap<>(BASE);
        keys.put("storage.sqlite-path", dataDir.resolve("events.db").toString());
        keys.putAll(settings);
        Map<String, String> env = new HashMap<>();
        keys.forEach((key, value) -> env.put(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), value));
        try {
            return new ConfigLoader(env).load(null, null, false);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("test configuration " + settings + " is invalid: " + e.getMessage(), e);
        }
    }
}
