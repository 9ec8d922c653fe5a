package dev.sorobanbridge.log.store;


import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.Secret;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.LogUnavailableException;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sorobanbridge.log.store.TestEvents.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract against a real PostgreSQL server, each test in a fresh schema of its own (dropped
 * afterwards), plus what only a shared database does: several nodes, leadership, notifications.
 */
class PostgresEventLogTest extends EventLogContract {
    static final String SERVER = TestPostgres.url();

    private String schema;
    private final List<Database> nodes = new ArrayList<>();

    @BeforeEach
    void createSchema() throws SQLException {
        schema = "event_log_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        admin("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        nodes.forEach(Database::close);
        admin("DROP SCHEMA " + schema + " CASCADE");
    }

    @Override
    protected AppConfig.Storage storage() {
        return storageAt(SERVER + "&currentSchema=" + schema);
    }

    private static AppConfig.Storage storageAt(String url) {
        return new AppConfig.Storage(AppConfig.StorageKind.POSTGRES, null, url, new Secret(""), 4,
                Duration.ofSeconds(1), null, 0);
    }

    /** Another node on the same schema, waking its readers only by notifications or by a poll this slow. */
    private Database node(Duration fallbackPoll) {
        Database db = Database.open(storage(), fallbackPoll);
        nodes.add(db);
        return db;
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void terminate(int pid) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER);
             PreparedStatement kill = c.prepareStatement("SELECT pg_terminate_backend(?)");
             PreparedStatement alive = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            kill.setInt(1, pid);
            kill.execute();
            alive.setInt(1, pid);
            await("backend " + pid + " has exited", Duration.ofSeconds(10), () -> {
                try (ResultSet rs = alive.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 0;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Override
    protected void rejectCursorWrites(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("""
                    CREATE FUNCTION reject_cursor() RETURNS trigger LANGUAGE plpgsql
                    AS $$ BEGIN RAISE EXCEPTION 'cursor rejected by test'; END $$""");
            st.execute("CREATE TRIGGER reject_cursor BEFORE INSERT OR UPDATE ON cursor FOR EACH ROW EXECUTE FUNCTION reject_cursor()");
        }
    }

    @Override
    protected void acceptCursorWrites(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER reject_cursor ON cursor");
        }
    }

    // ---- several nodes

    @Test
    void readersOnAnotherNodeAreWokenByTheWritersCommit() throws Exception {
        Database writerNode = open();
        Database readerNode = node(Duration.ofHours(1));
        AtomicInteger sawE2 = new AtomicInteger();
        readerNode.eventLog().onAppend(() -> {
            if (readerNode.eventLog().read(everything()).contains(E2)) sawE2.incrementAndGet();
        });

        writer(writerNode).append(List.of(E1, E2), new Cursor("c", 100));

        await("the other node saw the events", Duration.ofSeconds(10), () -> sawE2.get() > 0);
    }

    @Test
    void theFallbackPollWakesReadersWhenANotificationIsLost() throws Exception {
        Database db = node(Duration.ofMillis(200));
        AtomicInteger wakeUps = new AtomicInteger();
        db.eventLog().onAppend(wakeUps::incrementAndGet);
        await("listening", Duration.ofSeconds(10), () -> ((PostgresEventLog) db.eventLog()).listenerBackendPid().isPresent());
        int before = wakeUps.get();
        // Written behind the log's back: no NOTIFY is sent.
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO events (id, ledger, ledger_closed_at, contract, type, json) "
                    + "VALUES ('" + E1.id() + "', 100, 0, 'invoice', 'invoice.created', '{}')");
        }
        await("the poll noticed the new head", Duration.ofSeconds(10), () -> wakeUps.get() > before);
    }

    @Test
    void notificationsResumeAfterTheListenConnectionIsKilled() throws Exception {
        Database writerNode = open();
        LogWriter w = writer(writerNode);
        Database readerNode = node(Duration.ofHours(1));
        PostgresEventLog readerLog = (PostgresEventLog) readerNode.eventLog();
        AtomicInteger wakeUps = new AtomicInteger();
        readerLog.onAppend(wakeUps::incrementAndGet);
        await("listening", Duration.ofSeconds(10), () -> readerLog.listenerBackendPid().isPresent());
        int killed = readerLog.listenerBackendPid().getAsInt();

        terminate(killed);
        await("listening again on a new connection", Duration.ofSeconds(10),
                () -> readerLog.listenerBackendPid().isPresent() && readerLog.listenerBackendPid().getAsInt() != killed);

        // The reconnect itself wakes readers once (notifications may have been missed); any wake-up
        // beyond that one can only come from a NOTIFY, as the fallback poll is an hour away.
        int before = wakeUps.get();
        w.append(List.of(E1), new Cursor("c1", 100));
        await("a first wake-up", Duration.ofSeconds(10), () -> wakeUps.get() >= before + 1);
        w.append(List.of(E2), new Cursor("c2", 100));
        await("a wake-up by notification", Duration.ofSeconds(10), () -> wakeUps.get() >= before + 2);
    }

    // ---- leadership

    @Test
    void onlyOneNodeWritesAndTheNextTakesOverWhenItLetsGo() {
        Database a = open();
        Database b = open();
        LogWriter leader = writer(a);
        assertTrue(b.eventLog().tryAcquireWriter().isEmpty(), "b while a leads");
        assertTrue(a.eventLog().tryAcquireWriter().isEmpty(), "a second writer on the leader's own node");

        leader.close();
        LogWriter next = writer(b);
        next.append(List.of(E1), new Cursor("c", 100));
        assertEquals(List.of(E1), a.eventLog().read(everything()));
    }

    @Test
    void aLeaderWhoseConnectionIsCutCanNeverWriteAgain() throws Exception {
        Database a = open();
        Database b = open();
        LogWriter leader = writer(a);
        leader.append(List.of(E1), new Cursor("c1", 100));

        terminate(((PostgresLogWriter) leader).backendPid());

        assertThrows(LogUnavailableException.class, () -> leader.append(List.of(E2), new Cursor("c2", 100)));
        assertFalse(leader.isValid());
        assertThrows(LogUnavailableException.class, () -> leader.append(List.of(E3), new Cursor("c3", 101)),
                "still refused once known to be lost");
        assertEquals(List.of(E1), b.eventLog().read(everything()));
        assertEquals(new Cursor("c1", 100), b.eventLog().cursor().orElseThrow());

        LogWriter next = writer(b);
        next.append(List.of(E2), new Cursor("c2", 100));
        assertEquals(List.of(E1, E2), a.eventLog().read(everything()));
    }

    @Test
    void aLeaderNoticesTheLossWithoutWriting() throws Exception {
        Database a = open();
        LogWriter leader = writer(a);
        assertTrue(leader.isValid());
        terminate(((PostgresLogWriter) leader).backendPid());
        await("the writer knows it lost the lock", Duration.ofSeconds(5), () -> !leader.isValid());
        assertTrue(open().eventLog().tryAcquireWriter().map(w -> {
            w.close();
            return true;
        }).orElse(false), "the lock was freed with the connection");
    }

    @Test
    void schemasSharingADatabaseHaveTheirOwnLeader() throws SQLException {
        Database here = open();
        String otherSchema = schema + "_other";
        admin("CREATE SCHEMA " + otherSchema);
        try (Database there = Database.open(storageAt(SERVER + "&currentSchema=" + otherSchema))) {
            LogWriter a = writer(here);
            try (LogWriter b = there.eventLog().tryAcquireWriter().orElseThrow()) {
                assertTrue(a.isValid() && b.isValid());
            }
        } finally {
            admin("DROP SCHEMA " + otherSchema + " CASCADE");
        }
    }

    // ---- an unreachable database

    @Test
    void anUnreachableDatabaseIsReportedAndReconnectedWhenBack() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestPostgres.port())) {
            String viaProxy = SERVER.replace(":" + TestPostgres.port() + "/", ":" + proxy.port() + "/") + "&currentSchema=" + schema;
            try (Database db = Database.open(storageAt(viaProxy))) {
                db.eventLog().checkReachable();

                proxy.cut();
                assertThrows(LogUnavailableException.class, db.eventLog()::checkReachable);
                LogUnavailableException e = assertThrows(LogUnavailableException.class, db.eventLog()::newestId);
                assertTrue(e.getMessage().startsWith("event log (PostgreSQL at "), e.getMessage());

                proxy.resume();
                await("the store is reachable again", Duration.ofSeconds(15), () -> {
                    try {
                        db.eventLog().checkReachable();
                        return true;
                    } catch (LogUnavailableException stillDown) {
                        return false;
                    }
                });
                assertTrue(db.eventLog().newestId().isEmpty());
            }
        }
    }

    @Test
    void openingAnUnreachableDatabaseFailsClearlyWithoutShowingThePassword() {
        AppConfig.Storage cfg = new AppConfig.Storage(AppConfig.StorageKind.POSTGRES, null,
                "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=url-secret", new Secret("config-secret"), 2,
                Duration.ofSeconds(1), null, 0);
        LogUnavailableException e = assertThrows(LogUnavailableException.class, () -> Database.open(cfg));
        assertTrue(e.getMessage().startsWith("cannot open the event log (PostgreSQL at jdbc:postgresql://127.0.0.1:1/test?"
                + "user=postgres&password=[redacted])"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("secret"), t.toString());
        }
    }

    // ---- indexes

    /**
     * Every filter can be answered from an index: with sequential scans priced out, no plan step
     * scans a table (on tiny test tables the planner would rightly prefer scanning them).
     */
    @Test
    void everyFilterHasAnIndex() throws SQLException {
        Database db = open();
        writer(db).append(ALL, new Cursor("c", 104));
        List<EventQuery> queries = eachFilterKind();
        try (Connection c = DriverManager.getConnection(storage().postgresUrl()); Statement st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            for (EventQuery q : queries) {
                List<String> plan = explain(c, EventTables.select(q, q.afterId(), q.limit()));
                assertTrue(plan.stream().noneMatch(step -> step.contains("Seq Scan")), q + " -> " + plan);
                assertTrue(plan.stream().anyMatch(step -> step.contains("Index")), q + " -> " + plan);
            }
        }
    }

    /**
     * History newest first, paging back with a before id and bounded by the head: the same indexes,
     * walked backwards; where one index answers the filter, without a sort. Sorts are priced out like
     * sequential scans (on tiny tables a sort of two rows is rightly cheaper), so a plan without one
     * shows that the index order serves the page.
     */
    @Test
    void newestFirstPagesBoundedByTheHeadHaveAnIndex() throws SQLException {
        Database db = open();
        writer(db).append(ALL, new Cursor("c", 104));
        try (Connection c = DriverManager.getConnection(storage().postgresUrl()); Statement st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            st.execute("SET enable_sort = off");
            for (EventQuery filter : eachFilterKind()) {
                for (EventQuery q : List.of(newestFirst(filter, null), newestFirst(filter, E7.id()))) {
                    List<String> plan = explain(c, EventTables.select(q, q.afterId(), q.beforeId(), E8.id(), q.limit()));
                    assertTrue(plan.stream().noneMatch(step -> step.contains("Seq Scan")), q + " -> " + plan);
                    assertTrue(plan.stream().anyMatch(step -> step.contains("Index")), q + " -> " + plan);
                    boolean oneRange = q.invoiceIds().size() <= 1 && q.types().size() <= 1 && q.contracts().size() <= 1
                            && q.wallets().size() <= 1;
                    if (oneRange) {
                        assertTrue(plan.stream().anyMatch(step -> step.contains("Index Scan Backward")
                                        || step.contains("Index Only Scan Backward")),
                                "walks the index backwards in id order: " + q + " -> " + plan);
                        assertTrue(plan.stream().noneMatch(step -> step.contains("Sort")), q + " -> " + plan);
                    }
                }
            }
        }
    }

    private static List<String> explain(Connection c, EventTables.Select select) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (PreparedStatement ps = select.prepare(c, "EXPLAIN "); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) plan.add(rs.getString(1));
        }
        return plan;
    }

    @Test
    void databaseSaysWhatItIs() {
        assertEquals(AppConfig.StorageKind.POSTGRES, open().kind());
        assertNotEquals(null, open().dataSource());
    }
}
