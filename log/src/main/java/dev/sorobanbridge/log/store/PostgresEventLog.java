package dev.sorobanbridge.log.store;

import dev.sorobanbridge.log.LogWriter;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The event log in PostgreSQL, shared by every node of a cluster. One node at a time writes (the
 * holder of the leader lock, on its own connection); every node reads through its pool and is
 * woken by LISTEN/NOTIFY, with a slow poll as a fallback.
 */
final class PostgresEventLog extends JdbcEventLog {

    private final PostgresConnector connector;
    private final PostgresAppendWatcher watcher;

    PostgresEventLog(DataSource pool, EventTables tables, PostgresConnector connector, Duration fallbackPoll) {
        super(pool, tables, "PostgreSQL at " + connector.redactedUrl());
        this.connector = connector;
        this.watcher = new PostgresAppendWatcher(connector, this::newestId, listeners, fallbackPoll);
        watcher.start();
    }

    @Override
    public Optional<LogWriter> tryAcquireWriter() {
        try {
            return Optional.ofNullable(PostgresLogWriter.tryAcquire(connector, tables));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    protected int inPruneTransaction(SqlWork<Integer> work) {
        // Deletes touch only old rows and the writer only inserts new ones: no lock needed.
        try (Connection c = pool.getConnection()) {
            return inTransaction(c, work);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The backend of this node's LISTEN session, when connected. */
    OptionalInt listenerBackendPid() {
        return watcher.backendPid();
    }

    @Override
    public void close() {
        watcher.close();
    }
}
