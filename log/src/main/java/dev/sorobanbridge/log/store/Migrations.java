package dev.sorobanbridge.log.store;

import dev.sorobanbridge.config.AppConfig.StorageKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The versioned schema of the node's database: the event log's tables and the bridge's auth tables.
 * Each migration runs once, in order, at start-up; the {@code schema_version} table records which
 * ones a database already has. Migrations are never edited once released: a change to the schema is
 * a new, higher version.
 */
final class Migrations {
    private record Migration(int version, String description, List<String> sqlite, List<String> postgres) {
        List<String> statements(StorageKind kind) {
            return kind == StorageKind.SQLITE ? sqlite : postgres;
        }
    }

    /*
     * Event ids are fixed-width ("%019d-%010d"), so text order is chain order. PostgreSQL compares
     * them with COLLATE "C" (byte order, as SQLite's default BINARY) whatever the database locale.
     * ledger_closed_at is epoch milliseconds so the same SQL works on both databases.
     * Every filter has an index ending in the event id, so a filtered page is an index range scan
     * already in id order.
     */
    /** Portable SQL: the same statements on SQLite and PostgreSQL. */
    private static final List<String> AUTH_TABLES = List.of(
            """
            CREATE TABLE IF NOT EXISTS auth_tickets (
                ticket_id VARCHAR(64) PRIMARY KEY,
                session_id TEXT NOT NULL,
                issued_at BIGINT NOT NULL,
                first_used_at BIGINT,
                expires_at BIGINT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS auth_tickets_expires ON auth_tickets (expires_at)",
            "DROP TABLE IF EXISTS auth_revoked_sessions",
            """
            CREATE TABLE IF NOT EXISTS auth_revocations (
                issuer TEXT NOT NULL,
                jti TEXT NOT NULL,
                revoked_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                PRIMARY KEY (issuer, jti)
            )""",
            """
            CREATE TABLE IF NOT EXISTS auth_used_challenges (
                tx_hash VARCHAR(64) PRIMARY KEY,
                used_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )""");

    private static final List<Migration> ALL = List.of(
            new Migration(1, "event log: events, wallets, cursor, gaps",
                    List.of("""
                            CREATE TABLE events (
                                id TEXT NOT NULL PRIMARY KEY,
                                ledger INTEGER NOT NULL,
                                ledger_closed_at INTEGER NOT NULL,
                                contract TEXT NOT NULL,
                                type TEXT NOT NULL,
                                invoice_id TEXT,
                                json TEXT NOT NULL
                            ) WITHOUT ROWID""",
                            "CREATE INDEX events_by_invoice ON events (invoice_id, id)",
                            "CREATE INDEX events_by_contract ON events (contract, id)",
                            "CREATE INDEX events_by_type ON events (type, id)",
                            """
                            CREATE TABLE event_wallets (
                                wallet TEXT NOT NULL,
                                event_id TEXT NOT NULL,
                                PRIMARY KEY (wallet, event_id)
                            ) WITHOUT ROWID""",
                            "CREATE INDEX event_wallets_by_event ON event_wallets (event_id)",
                            """
                            CREATE TABLE cursor (
                                id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                                rpc_cursor TEXT,
                                ledger INTEGER NOT NULL
                            )""",
                            """
                            CREATE TABLE gaps (
                                id INTEGER PRIMARY KEY,
                                from_ledger INTEGER NOT NULL,
                                to_ledger INTEGER NOT NULL,
                                last_id_before TEXT,
                                recorded_at INTEGER NOT NULL
                            )"""),
                    List.of("""
                            CREATE TABLE events (
                                id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                                ledger BIGINT NOT NULL,
                                ledger_closed_at BIGINT NOT NULL,
                                contract TEXT NOT NULL,
                                type TEXT NOT NULL,
                                invoice_id TEXT,
                                json TEXT NOT NULL
                            )""",
                            "CREATE INDEX events_by_invoice ON events (invoice_id, id)",
                            "CREATE INDEX events_by_contract ON events (contract, id)",
                            "CREATE INDEX events_by_type ON events (type, id)",
                            """
                            CREATE TABLE event_wallets (
                                wallet TEXT NOT NULL,
                                event_id TEXT COLLATE "C" NOT NULL,
                                PRIMARY KEY (wallet, event_id)
                            )""",
                            "CREATE INDEX event_wallets_by_event ON event_wallets (event_id)",
                            """
                            CREATE TABLE cursor (
                                id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                                rpc_cursor TEXT,
                                ledger BIGINT NOT NULL
                            )""",
                            """
                            CREATE TABLE gaps (
                                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                                from_ledger BIGINT NOT NULL,
                                to_ledger BIGINT NOT NULL,
                                last_id_before TEXT COLLATE "C",
                                recorded_at BIGINT NOT NULL
                            )""")),
            /*
             * The bridge's auth state (bridge/README.md "Auth"): ticket first use, revoked sessions by
             * issuer and jti, used SEP-10 challenges; each row is kept until the JWT or challenge behind
             * it expires. Builds before this version created these tables by hand at start-up, so they
             * may exist already: IF NOT EXISTS. auth_revoked_sessions (keyed by jti alone, which two
             * issuers could share) was replaced by auth_revocations.
             */
            new Migration(2, "auth: tickets, revocations, used challenges", AUTH_TABLES, AUTH_TABLES));

    static final int LATEST = ALL.getLast().version();

    private Migrations() {}

    /**
     * Brings the schema up to {@link #LATEST} in one transaction. Refuses a database written by a
     * newer build, which this code would misread.
     *
     * @return the version the database had before
     */
    static int migrate(Connection c, StorageKind kind) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            if (kind == StorageKind.POSTGRES) {
                // Serialises concurrent start-ups of several nodes on one schema; released at commit.
                st.execute("SELECT pg_advisory_xact_lock(" + PostgresKeys.MIGRATION_LOCK + ", hashtext(current_schema()))");
            }
            st.execute("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version INTEGER NOT NULL PRIMARY KEY,
                        description TEXT NOT NULL,
                        applied_at BIGINT NOT NULL
                    )""");
            int current;
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > LATEST) {
                throw new IllegalStateException("the event log database has schema version " + current
                        + ", newer than this build understands (" + LATEST + "); run a newer build or use another database");
            }
            for (Migration m : ALL) {
                if (m.version() <= current) continue;
                for (String sql : m.statements(kind)) st.execute(sql);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
            }
            c.commit();
            return current;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
