package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.bridge.http.ApiException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What auth must share between nodes and keep across restarts: which tickets have had their first
 * use, and which sessions were revoked (logout). Two small tables in the deployment's store (SQLite
 * or PostgreSQL; the SQL is portable), each row kept only until the JWT behind it expires.
 * Thread-safe: every call uses its own connection from the pool.
 */
final class AuthStore {
    private static final System.Logger LOG = System.getLogger(AuthStore.class.getName());
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    private static final String[] SCHEMA = {
            "CREATE TABLE IF NOT EXISTS auth_tickets (ticket_id VARCHAR(64) PRIMARY KEY, session_id TEXT NOT NULL,"
                    + " issued_at BIGINT NOT NULL, first_used_at BIGINT, expires_at BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS auth_tickets_expires ON auth_tickets (expires_at)",
            "CREATE TABLE IF NOT EXISTS auth_revoked_sessions (session_id TEXT PRIMARY KEY,"
                    + " revoked_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)"
    };

    /** What happened when a ticket was presented. */
    enum TicketUse { FIRST_USE, REUSE, TOO_LATE, UNKNOWN }

    private final DataSource dataSource;
    private final AtomicLong nextPruneMillis = new AtomicLong();

    AuthStore(DataSource dataSource) {
        this.dataSource = dataSource;
        createTables();
    }

    /** Remembers an issued ticket until the JWT behind it expires. */
    void recordTicket(String ticketId, String sessionId, Instant issuedAt, Instant expiresAt) {
        pruneNowAndThen(issuedAt);
        update("INSERT INTO auth_tickets (ticket_id, session_id, issued_at, expires_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (ticket_id) DO NOTHING", ticketId, sessionId, issuedAt.toEpochMilli(), expiresAt.toEpochMilli());
    }

    /**
     * Records the ticket's first use if it is still allowed. Atomic across nodes: of two nodes seeing
     * a ticket's first use at once, exactly one records it and the other sees a reuse.
     *
     * @param firstUseAllowed whether the ticket is still within its first-use window
     */
    TicketUse useTicket(String ticketId, Instant now, boolean firstUseAllowed) {
        if (firstUseAllowed && update("UPDATE auth_tickets SET first_used_at = ? WHERE ticket_id = ? AND first_used_at IS NULL",
                now.toEpochMilli(), ticketId) == 1) {
            return TicketUse.FIRST_USE;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT first_used_at FROM auth_tickets WHERE ticket_id = ?")) {
            s.setString(1, ticketId);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) return TicketUse.UNKNOWN;
                rows.getLong(1);
                return rows.wasNull() ? TicketUse.TOO_LATE : TicketUse.REUSE;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Revokes a session (and so its tickets) until {@code expiresAt}, after which its JWT is dead anyway. */
    void revoke(String sessionId, Instant now, Instant expiresAt) {
        pruneNowAndThen(now);
        update("INSERT INTO auth_revoked_sessions (session_id, revoked_at, expires_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (session_id) DO NOTHING", sessionId, now.toEpochMilli(), expiresAt.toEpochMilli());
    }

    boolean isRevoked(String sessionId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM auth_revoked_sessions WHERE session_id = ?")) {
            s.setString(1, sessionId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Drops rows whose JWT has expired: they can never be presented successfully again. */
    private void pruneNowAndThen(Instant now) {
        long due = nextPruneMillis.get();
        if (now.toEpochMilli() < due || !nextPruneMillis.compareAndSet(due, now.plus(PRUNE_EVERY).toEpochMilli())) return;
        int tickets = update("DELETE FROM auth_tickets WHERE expires_at < ?", now.toEpochMilli());
        int sessions = update("DELETE FROM auth_revoked_sessions WHERE expires_at < ?", now.toEpochMilli());
        if (tickets + sessions > 0) {
            LOG.log(System.Logger.Level.DEBUG, "pruned " + tickets + " expired tickets and " + sessions + " revocations");
        }
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            int rows = s.executeUpdate();
            if (!c.getAutoCommit()) c.commit(); // the pool is not ours: it may hand out manual-commit connections
            return rows;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void createTables() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                // Nodes starting together race on PostgreSQL's catalog even with IF NOT EXISTS: serialise them.
                if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                    s.execute("SELECT pg_advisory_xact_lock(hashtext('auth_tables'), hashtext(current_schema()))");
                }
                for (String ddl : SCHEMA) s.execute(ddl);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the auth tables: " + e.getMessage(), e);
        }
    }

    private static ApiException unavailable(SQLException e) {
        LOG.log(System.Logger.Level.WARNING, "auth store unavailable: " + e.getMessage());
        return new ApiException(503, "auth_store_unavailable", "The session store cannot be reached; try again shortly.",
                Duration.ofSeconds(5));
    }
}
