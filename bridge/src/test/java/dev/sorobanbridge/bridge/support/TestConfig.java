package dev.sorobanbridge.bridge.support;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.Secret;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/** A complete configuration for in-process tests: SQLite in a temp dir, port 0, short timings. */
public final class TestConfig {
    private TestConfig() {}

    public static AppConfig create(Path dataDir) {
        return new AppConfig(
                new AppConfig.Rpc(URI.create("http://127.0.0.1:1"), "Standalone Network ; February 2017", Duration.ofSeconds(5)),
                new AppConfig.Contracts(null, null),
                new AppConfig.Indexer(OptionalLong.empty(), Duration.ofSeconds(3), 1000, 10, Duration.ofMinutes(5)),
                new AppConfig.Storage(AppConfig.StorageKind.SQLITE, dataDir.resolve("events.db"), null, new Secret(""),
                        4, Duration.ofSeconds(5), null, 0),
                new AppConfig.Server("127.0.0.1", 0, 0, List.of(), Duration.ofMillis(200), "127.0.0.1", List.of(),
                        Duration.ofSeconds(20), 20_000, false, null),
                new AppConfig.Auth("localhost", "localhost", new Secret(""),
                        new AppConfig.Jwt("http://localhost", new Secret("0123456789abcdef0123456789abcdef"), null, null,
                                Duration.ofHours(1), "localhost", Duration.ofHours(24)),
                        true, List.of(), Duration.ofSeconds(30), Duration.ofMinutes(5), List.of()),
                new AppConfig.Stream(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofMinutes(30), 256),
                new AppConfig.Limits(50, 1000, 1000, 1000, 1000, 1000, 1000, 1000),
                new AppConfig.Demo(false, Duration.ofSeconds(5), 0, false));
    }

    public static AppConfig withStream(AppConfig c, AppConfig.Stream stream) {
        return new AppConfig(c.rpc(), c.contracts(), c.indexer(), c.storage(), c.server(), c.auth(), stream, c.limits(), c.demo());
    }

    public static AppConfig withLimits(AppConfig c, AppConfig.Limits limits) {
        return new AppConfig(c.rpc(), c.contracts(), c.indexer(), c.storage(), c.server(), c.auth(), c.stream(), limits, c.demo());
    }

    public static AppConfig withServer(AppConfig c, AppConfig.Server server) {
        return new AppConfig(c.rpc(), c.contracts(), c.indexer(), c.storage(), server, c.auth(), c.stream(), c.limits(), c.demo());
    }

    public static AppConfig withStorage(AppConfig c, AppConfig.Storage storage) {
        return new AppConfig(c.rpc(), c.contracts(), c.indexer(), storage, c.server(), c.auth(), c.stream(), c.limits(), c.demo());
    }
}
