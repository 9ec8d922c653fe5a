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
 * use, which sessions were revoked (logout), and which SEP-10 challenges were used. Small tables in
 * the deployment's store (SQLite or PostgreSQL; the SQL is portable), each row kept only until the
 * JWT (or challenge) behind it expires.
 * Thread-safe: every call uses its own connection from the pool.
 */
final class AuthStore {
    private static final System.Logger LOG = System.getLogger(AuthStore.class.getName());
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    private static final String[] SCHEMA = {
            "CREATE TABLE IF NOT EXISTS auth_tickets (ticket_id VARCHAR(64) PRIMARY KEY, session_id TEXT NOT NULL,"
                    + " issued_at BIGINT NOT NULL, first_used_at BIGINT, expires_at BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS auth_tickets_expires ON auth_tickets (expires_at)",
            // Revocations were keyed by jti alone, which two issuers could share: replaced by (issuer, jti).
            "DROP TABLE IF EXISTS auth_revoked_sessions",
            "CREATE TABLE IF NOT EXISTS auth_revocations (issuer TEXT NOT NULL, jti TEXT NOT NULL,"
                    + " revoked_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (issuer, jti))",
            "CREATE TABLE IF NOT EXISTS auth_used_challenges (tx_hash VARCHAR(64) PRIMARY KEY,"
                    + " used_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)"
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
    void revoke(SessionId session, Instant now, Instant expiresAt) {
        pruneNowAndThen(now);
        update("INSERT INTO auth_revocations (issuer, jti, revoked_at, expires_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (issuer, jti) DO NOTHING", session.issuer(), session.jti(), now.toEpochMilli(),
                expiresAt.toEpochMilli());
    }

    boolean isRevoked(SessionId session) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM auth_revocations WHERE issuer = ? AND jti = ?")) {
            s.setString(1, session.issuer());
            s.setString(2, session.jti());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Marks a SEP-10 challenge as used, until its {@code maxTime} (it is refused as expired after that).
     * Atomic across nodes: of two logins with the same challenge, exactly one gets true.
     *
     * @return false when the challenge had been used already
     */
    boolean useChallenge(String txHash, Instant now, Instant maxTime) {
        pruneNowAndThen(now);
        return update("INSERT INTO auth_used_challenges (tx_hash, used_at, expires_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (tx_hash) DO NOTHING", txHash, now.toEpochMilli(), maxTime.toEpochMilli()) == 1;
    }

    /** Drops rows whose JWT or challenge has expired: they can never be presented successfully again. */
    private void pruneNowAndThen(Instant now) {
        long due = nextPruneMillis.get();
        if (now.toEpochMilli() < due || !nextPruneMillis.compareAndSet(due, now.plus(PRUNE_EVERY).toEpochMilli())) return;
        int tickets = update("DELETE FROM auth_tickets WHERE expires_at < ?", now.toEpochMilli());
        int sessions = update("DELETE FROM auth_revocations WHERE expires_at < ?", now.toEpochMilli());
        int challenges = update("DELETE FROM auth_used_challenges WHERE expires_at < ?", now.toEpochMilli());
        if (tickets + sessions + challenges > 0) {
            LOG.log(System.Logger.Level.DEBUG, "pruned " + tickets + " expired tickets, " + sessions + " revocations and "
                    + challenges + " used challenges");
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
