package dev.sorobanbridge.log.store;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.Gap;
import dev.sorobanbridge.log.LogPage;
import dev.sorobanbridge.log.LogUnavailableException;
import dev.sorobanbridge.log.Retention;
import dev.sorobanbridge.log.StoredEvent;

import javax.sql.DataSource;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What both backends do the same way: reads through a connection pool, and retention. The
 * subclasses differ in how they write (who may, and on which connection) and how readers are
 * woken up.
 */
abstract class JdbcEventLog implements EventLog {

    /** A unit of work on one connection. */
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    protected final DataSource pool;
    protected final EventTables tables;
    protected final AppendListeners listeners = new AppendListeners();
    private final String description;

    JdbcEventLog(DataSource pool, EventTables tables, String description) {
        this.pool = pool;
        this.tables = tables;
        this.description = description;
    }

    @Override
    public List<ActivityEvent> read(EventQuery query) {
        return withConnection(c -> tables.read(c, query, null, true)).stream().map(StoredEvent::event).toList();
    }

    @Override
    public List<StoredEvent> readStored(EventQuery query) {
        return withConnection(c -> tables.read(c, query, null, false));
    }

    /**
     * The head first, then the page up to it: an event committed after the head was read can only
     * be newer than the head (the writer appends in id order), so it is left to the stream. No
     * transaction is needed for that, which keeps this a plain read on both backends.
     */
    @Override
    public LogPage readPage(EventQuery query) {
        return withConnection(c -> {
            Optional<String> head = tables.newestId(c);
            if (head.isEmpty()) return new LogPage(List.of(), null);
            return new LogPage(tables.read(c, query, head.get(), false), head.get());
        });
    }

    @Override
    public Optional<String> oldestId() {
        return withConnection(tables::oldestId);
    }

    @Override
    public Optional<String> newestId() {
        return withConnection(tables::newestId);
    }

    @Override
    public Optional<Cursor> cursor() {
        return withConnection(tables::cursor);
    }

    @Override
    public List<Gap> gapsAfter(String eventId) {
        return withConnection(c -> tables.gapsAfter(c, eventId));
    }

    @Override
    public void onAppend(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void checkReachable() {
        withConnection(c -> {
            if (!c.isValid(5)) throw new SQLException("the connection did not answer a validity check");
            return null;
        });
    }

    /**
     * Deletes in chunks of {@link EventTables#PRUNE_CHUNK}, each its own transaction, so a large
     * prune never holds up the writer for long. Which events go is decided once, up front: events
     * appended meanwhile are newer and stay.
     */
    @Override
    public int prune(Retention retention) {
        Optional<String> lastPruned = withConnection(c -> {
            Optional<String> byCount = retention.maxEvents() > 0
                    ? tables.newestPrunedByCount(c, retention.maxEvents()) : Optional.empty();
            Optional<String> byAge = retention.maxAge() != null
                    ? tables.newestPrunedByAge(c, Instant.now().minus(retention.maxAge())) : Optional.empty();
            return Stream.concat(byCount.stream(), byAge.stream()).max(String::compareTo);
        });
        if (lastPruned.isEmpty()) return 0;
        int total = 0;
        int deleted;
        do {
            deleted = inPruneTransaction(c -> tables.deleteOldestChunk(c, lastPruned.get()));
            total += deleted;
        } while (deleted >= EventTables.PRUNE_CHUNK);
        return total;
    }

    /** Runs a delete of {@link #prune} in its own transaction, following this backend's write rules. */
    protected abstract int inPruneTransaction(SqlWork<Integer> work);

    protected final <T> T withConnection(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    protected final LogUnavailableException unavailable(SQLException e) {
        return new LogUnavailableException("event log (" + description + ") failed: " + describe(e), e);
    }

    /**
     * The database's reason, short: a failed batch's own message repeats the whole statement with
     * every event in it, while the reason is in the next exception.
     */
    static String describe(SQLException e) {
        return e instanceof BatchUpdateException && e.getNextException() != null
                ? e.getNextException().getMessage() : e.getMessage();
    }

    /** Runs {@code work} as one transaction on {@code c}: commits it all or rolls it all back. */
    static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; the pool (or the writer) discards it
            }
        }
    }
}
