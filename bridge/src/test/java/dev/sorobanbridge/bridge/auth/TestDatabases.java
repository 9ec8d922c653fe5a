package dev.sorobanbridge.bridge.auth;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;

/** Real databases for auth tests. */
final class TestDatabases {
    private TestDatabases() {}

    /** A SQLite file, configured like the product's (WAL, busy timeout), shared by every "node" given it. */
    static DataSource sqlite(Path dir) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve("events.db").toAbsolutePath());
        return ds;
    }
}
