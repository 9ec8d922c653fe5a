package dev.sorobanbridge.log.store;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.Gap;
import dev.sorobanbridge.log.LogUnavailableException;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.log.StoredEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The leader's writer: it appends on the very connection whose session holds the advisory lock.
 * When that connection dies PostgreSQL frees the lock (another node may take over), and every
 * later append here fails instead of writing, so two nodes never both write.
 */
final class PostgresLogWriter implements LogWriter {
    private static final System.Logger LOG = System.getLogger(PostgresLogWriter.class.getName());

    private final Connection connection;
    private final int backendPid;
    private final EventTables tables;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean usable = true;

    private PostgresLogWriter(Connection connection, int backendPid, EventTables tables) {
        this.connection = connection;
        this.backendPid = backendPid;
        this.tables = tables;
    }

    /**
     * Takes the leader lock on a new dedicated connection.
     *
     * @return null when another session holds the lock
     */
    static PostgresLogWriter tryAcquire(PostgresConnector connector, EventTables tables) throws SQLException {
        Connection c = connector.connect("soroban-bridge indexer writer");
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_try_advisory_lock(?, hashtext(current_schema())), pg_backend_pid()")) {
            ps.setInt(1, PostgresKeys.LEADER_LOCK);
            try (var rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    c.close();
                    return null;
                }
                return new PostgresLogWriter(c, rs.getInt(2), tables);
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void append(List<ActivityEvent> events, Cursor next) {
        appendStored(tables.encode(events), next);
    }

    @Override
    public void appendStored(List<StoredEvent> events, Cursor next) {
        EventTables.requireStorable(events);
        write(c -> {
            tables.insertEvents(c, events);
            tables.saveCursor(c, next);
            if (!events.isEmpty()) notifyReaders(c, events.stream().map(StoredEvent::id).max(String::compareTo).get());
            return null;
        });
    }

    @Override
    public void appendGap(Gap gap, Cursor next) {
        write(c -> {
            tables.insertGap(c, gap);
            tables.saveCursor(c, next);
            notifyReaders(c, "");
            return null;
        });
    }

    /** Queued with the transaction, so bridges on every node hear of it exactly when it commits. */
    private static void notifyReaders(Connection c, String newestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, current_schema() || ' ' || ?)")) {
            ps.setString(1, PostgresKeys.APPEND_CHANNEL);
            ps.setString(2, newestId);
            ps.execute();
        }
    }

    private void write(JdbcEventLog.SqlWork<Void> work) {
        lock.lock();
        try {
            if (!usable) {
                throw new LogUnavailableException("this node no longer holds the event log writer lock", null);
            }
            JdbcEventLog.inTransaction(connection, work);
        } catch (SQLException e) {
            String reason = JdbcEventLog.describe(e);
            if (!connectionAlive()) lose("its connection failed: " + reason);
            throw new LogUnavailableException("event log append failed: " + reason, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cheap when an append is running (that append will find out); otherwise one round trip that
     * also notices a connection cut since the last append.
     */
    @Override
    public boolean isValid() {
        if (!usable) return false;
        if (lock.tryLock()) {
            try {
                if (usable && !connectionAlive()) lose("its connection is gone");
            } finally {
                lock.unlock();
            }
        }
        return usable;
    }

    private boolean connectionAlive() {
        try {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private void lose(String why) {
        if (!usable) return;
        usable = false;
        LOG.log(System.Logger.Level.WARNING, "lost the event log writer lock: {0}", why);
        closeConnection();
    }

    /** The PostgreSQL backend process of the writer's session, for operators and tests. */
    int backendPid() {
        return backendPid;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            usable = false;
            closeConnection();
        } finally {
            lock.unlock();
        }
    }

    /** Closing the session is what releases the lock, whether or not it is still held. */
    private void closeConnection() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the writer connection failed", e);
        }
    }
}
