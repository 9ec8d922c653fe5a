package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.Secret;
import dev.sorobanbridge.log.store.Database;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;

/** Real databases for auth tests, with the schema a node's start-up gives them (the auth tables are migrations). */
final class TestDatabases {
    private TestDatabases() {}

    /** A SQLite file, configured like the product's (WAL, busy timeout), shared by every "node" given it. */
    static DataSource sqlite(Path dir) {
        Path file = dir.resolve("events.db").toAbsolutePath();
        migrate(new AppConfig.Storage(AppConfig.StorageKind.SQLITE, file, null, null, 2, Duration.ofSeconds(5), null, 0));
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    /** Brings a PostgreSQL schema (in the JDBC URL's {@code currentSchema}) to the latest version. */
    static void migratePostgres(String url) {
        migrate(new AppConfig.Storage(AppConfig.StorageKind.POSTGRES, null, url, new Secret(""), 2, Duration.ofSeconds(5), null, 0));
    }

    /** Opens the database as a node does at start-up (which migrates it) and closes it again. */
    private static void migrate(AppConfig.Storage storage) {
        Database.open(storage).close();
    }
}
