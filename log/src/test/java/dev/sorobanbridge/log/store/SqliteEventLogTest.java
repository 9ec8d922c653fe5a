package dev.sorobanbridge.log.store;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.LogUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.sorobanbridge.log.store.TestEvents.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteEventLogTest extends EventLogContract {

    @TempDir
    Path dir;

    @Override
    protected AppConfig.Storage storage() {
        return storageAt(dir.resolve("nested/data/events.db"));
    }

    private static AppConfig.Storage storageAt(Path file) {
        return new AppConfig.Storage(AppConfig.StorageKind.SQLITE, file, null, null, 4, Duration.ofSeconds(5), null, 0);
    }

    @Override
    protected void rejectCursorWrites(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TRIGGER reject_cursor_insert BEFORE INSERT ON cursor BEGIN SELECT RAISE(ABORT, 'cursor rejected by test'); END");
            st.execute("CREATE TRIGGER reject_cursor_update BEFORE UPDATE ON cursor BEGIN SELECT RAISE(ABORT, 'cursor rejected by test'); END");
        }
    }

    @Override
    protected void acceptCursorWrites(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER reject_cursor_insert");
            st.execute("DROP TRIGGER reject_cursor_update");
        }
    }

    @Test
    void oneFileInWalModeWithItsDirectoryCreated() throws SQLException {
        Database db = open();
        assertEquals(AppConfig.StorageKind.SQLITE, db.kind());
        assertTrue(Files.isRegularFile(dir.resolve("nested/data/events.db")));
        try (Connection c = db.dataSource().getConnection()) {
            assertEquals("wal", pragma(c, "journal_mode"));
            assertEquals("1", pragma(c, "synchronous"), "NORMAL");
            assertEquals("5000", pragma(c, "busy_timeout"));
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aWriteEnlargesItsConnectionsPageCacheOnlyWhileItRuns() throws SQLException {
        Database db = open();
        SqliteEventLog log = (SqliteEventLog) db.eventLog();
        int duringTheWrite = log.inPruneTransaction(c -> Integer.parseInt(pragma(c, "cache_size")));
        assertEquals(-SqliteEventLog.WRITE_CACHE_KIB, duringTheWrite);

        // SQLite's page caches are C memory the heap's bounds do not cover: every pooled connection,
        // the one that wrote among them, holds the readers' size.
        List<Connection> pool = new ArrayList<>();
        try {
            for (int i = 0; i < storage().poolSize(); i++) pool.add(db.dataSource().getConnection());
            for (Connection c : pool) assertEquals(String.valueOf(-SqliteEventLog.READ_CACHE_KIB), pragma(c, "cache_size"));
        } finally {
            for (Connection c : pool) c.close();
        }
    }

    @Test
    void aPathThatCannotHoldTheFileIsAClearError() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        LogUnavailableException e = assertThrows(LogUnavailableException.class,
                () -> Database.open(storageAt(notADirectory.resolve("events.db"))));
        assertTrue(e.getMessage().startsWith("cannot create the directory of the event log " + notADirectory.resolve("events.db")),
                e.getMessage());
    }

    /** Every filter is answered by an index range scan: no step of the plan scans a whole table. */
    @Test
    void everyFilterIsAnIndexSearch() {
        Database db = open();
        writer(db).append(ALL, new Cursor("c", 104));
        List<EventQuery> queries = new ArrayList<>(eachFilterKind());
        queries.add(new EventQuery(E2.id(), Set.of("1"), Set.of(ALICE), Set.of("invoice"), Set.of("invoice.*"), 10));
        for (EventQuery q : queries) {
            List<String> plan = db.queryPlan(q);
            assertTrue(plan.stream().noneMatch(step -> step.startsWith("SCAN ")), q + " -> " + plan);
            assertTrue(plan.stream().anyMatch(step -> step.startsWith("SEARCH e USING")), q + " -> " + plan);
        }
    }

    /**
     * History newest first, paging back with a before id and bounded by the head, is the same range
     * scan walked backwards: no table scan, and where one index answers the filter, no sort either.
     */
    @Test
    void newestFirstPagesBoundedByTheHeadAreIndexSearches() {
        Database db = open();
        writer(db).append(ALL, new Cursor("c", 104));
        for (EventQuery filter : eachFilterKind()) {
            for (EventQuery q : List.of(newestFirst(filter, null), newestFirst(filter, E7.id()))) {
                List<String> plan = db.queryPlan(q, E8.id());
                assertTrue(plan.stream().noneMatch(step -> step.startsWith("SCAN ")), q + " -> " + plan);
                assertTrue(plan.stream().anyMatch(step -> step.startsWith("SEARCH e USING")
                        || step.startsWith("SEARCH w USING")), q + " -> " + plan);
                boolean oneRange = q.invoiceIds().size() <= 1 && q.types().size() <= 1 && q.contracts().size() <= 1
                        && q.wallets().size() <= 1;
                if (oneRange) {
                    assertTrue(plan.stream().noneMatch(step -> step.contains("TEMP B-TREE")),
                            "walks the index in id order: " + q + " -> " + plan);
                }
            }
        }
    }
}
