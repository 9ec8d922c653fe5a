package dev.sorobanbridge.bridge.support;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.ConfigLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        return new ConfigLoader(env).load(testNodeYaml(dataDir), null, false);
    }

    /** A file, as the loader reads one: copied out of the classpath, which is a jar for other modules' tests. */
    private static Path testNodeYaml(Path dataDir) {
        Path file = dataDir.resolve("test-node.yaml");
        try (InputStream in = TestConfig.class.getResourceAsStream("/test-node.yaml")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
