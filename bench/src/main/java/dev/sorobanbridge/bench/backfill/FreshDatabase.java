package dev.sorobanbridge.bench.backfill;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.Secret;
import dev.sorobanbridge.log.store.Database;
import dev.sorobanbridge.log.store.PostgresKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * An empty event log opened as the product opens it ({@link Database#open}): a new SQLite file under
 * java.io.tmpdir, or a new schema on the PostgreSQL server. Closing it removes the file or schema.
 */
final class FreshDatabase implements AutoCloseable {
    private final String name;
    private final Database database;
    private final String schema;
    private final Runnable cleanup;

    private FreshDatabase(String name, Database database, String schema, Runnable cleanup) {
        this.name = name;
        this.database = database;
        this.schema = schema;
        this.cleanup = cleanup;
    }

    static FreshDatabase open(String backend, String pgServerUrl) {
        return backend.equals("postgres") ? postgres(pgServerUrl) : sqlite();
    }

    private static FreshDatabase sqlite() {
        try {
            Path dir = Files.createTempDirectory("backfill-bench");
            Database db = Database.open(storage(AppConfig.StorageKind.SQLITE, dir.resolve("events.db"), null));
            return new FreshDatabase("SQLite", db, null, () -> deleteDirectory(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FreshDatabase postgres(String serverUrl) {
        String schema = "backfill_bench_" + Long.toHexString(System.nanoTime());
        admin(serverUrl, "CREATE SCHEMA " + schema);
        String url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Database db = Database.open(storage(AppConfig.StorageKind.POSTGRES, null, url));
        return new FreshDatabase("PostgreSQL", db, schema, () -> admin(serverUrl, "DROP SCHEMA " + schema + " CASCADE"));
    }

    /** The product's defaults for everything but where the log lives. */
    private static AppConfig.Storage storage(AppConfig.StorageKind kind, Path file, String url) {
        return new AppConfig.Storage(kind, file, url, new Secret(""), 4, Duration.ofSeconds(10), null, 0);
    }

    String name() {
        return name;
    }

    Database database() {
        return database;
    }

    long storedEvents() {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the stored events: " + e.getMessage(), e);
        }
    }

    /**
     * The PostgreSQL backend process that appends, while a writer is held, so its CPU time can be
     * read: the work of an INSERT is done there, not in this JVM. Empty for SQLite.
     */
    OptionalLong writerBackendPid() {
        if (schema == null) return OptionalLong.empty();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(PostgresKeys.LEADER_BACKEND_QUERY)) {
            ps.setInt(1, PostgresKeys.LEADER_LOCK);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find the writer's backend: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            cleanup.run();
        }
    }

    private static void admin(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private static void deleteDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
