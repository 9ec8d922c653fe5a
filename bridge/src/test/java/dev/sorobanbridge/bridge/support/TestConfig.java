package dev.sorobanbridge.bridge.support;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.ConfigLoader;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A configuration for in-process tests, loaded by the real {@link ConfigLoader} as a node loads its own:
 * default.yaml, then test-node.yaml (SQLite, port 0 on loopback, short timings), then environment
 * overrides for the test's data directory and its own settings.
 */
public final class TestConfig {
    private TestConfig() {}

    public static AppConfig create(Path dataDir) {
        return create(dataDir, Map.of());
    }

    /** @param settings config keys ({@code stream.heartbeat}) and values as the YAML writes them ({@code 200ms}) */
    public static AppConfig create(Path dataDir, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("STORAGE_SQLITE_PATH", dataDir.resolve("events.db").toString());
        settings.forEach((key, value) -> env.put(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), value));
        return new ConfigLoader(env).load(testNodeYaml(), null, false);
    }

    private static Path testNodeYaml() {
        try {
            return Path.of(TestConfig.class.getResource("/test-node.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
