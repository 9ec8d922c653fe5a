package dev.sorobanbridge.log.store;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.Gap;
import dev.sorobanbridge.log.LogUnavailableException;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.log.StoredEvent;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event log in one SQLite file (WAL mode: readers never wait for the writer). SQLite allows one
 * writing transaction at a time per file, so this process's own writes (appends and prunes) queue
 * on a lock instead of contending inside SQLite; readers are woken in-process right after commit.
 *
 * <p>SQLite keeps a page cache per connection, in C memory outside the JVM's heap (no {@code -Xmx}
 * bounds it, and the JVM's native memory tracking does not see it), and a connection's cache only
 * grows until it reaches its size. Pooled connections keep a small one ({@link #READ_CACHE_KIB}): what
 * readers ask for is mostly the newest pages. A write transaction enlarges its connection's cache to
 * {@link #WRITE_CACHE_KIB} for its duration, because a large append (a backfill page) inserts at
 * random places of the invoice and wallet indexes and revisits more pages than a small cache holds;
 * afterwards the cache shrinks back and SQLite frees the excess. When every connection kept the
 * write cache, the pages of a log growing under live traffic added about 1 MiB a minute to the
 * process, towards the pool's size times 64 MiB (bench/RESULTS.md, "SQLite's page caches").
 */
final class SqliteEventLog extends JdbcEventLog {

    /** The page cache of a pooled connection, in KiB (SQLite's own default is 2,000). */
    static final int READ_CACHE_KIB = 2048;
    /** The page cache of the connection inside a write transaction, in KiB. */
    static final int WRITE_CACHE_KIB = 65536;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean writerTaken = new AtomicBoolean();

    SqliteEventLog(DataSource pool, EventTables tables, String description) {
        super(pool, tables, description);
    }

    @Override
    public Optional<LogWriter> tryAcquireWriter() {
        return writerTaken.compareAndSet(false, true) ? Optional.of(new Writer()) : Optional.empty();
    }

    @Override
    protected int inPruneTransaction(SqlWork<Integer> work) {
        return write(work);
    }

    private <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try (Connection c = pool.getConnection(); WriteCache ignored = WriteCache.on(c)) {
            return inTransaction(c, work);
        } catch (SQLException e) {
            throw unavailable(e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        // The pool belongs to the Database, which closes it; nothing runs in the background here.
    }

    private final class Writer implements LogWriter {
        private final AtomicBoolean open = new AtomicBoolean(true);

        @Override
        public void append(List<ActivityEvent> events, Cursor next) {
            appendStored(tables.encode(events), next);
        }

        @Override
        public void appendStored(List<StoredEvent> events, Cursor next) {
            EventTables.requireStorable(events);
            requireOpen();
            write(c -> {
                tables.insertEvents(c, events);
                tables.saveCursor(c, next);
                return null;
            });
            if (!events.isEmpty()) listeners.fire();
        }

        @Override
        public void appendGap(Gap gap, Cursor next) {
            requireOpen();
            write(c -> {
                tables.insertGap(c, gap);
                tables.saveCursor(c, next);
                return null;
            });
            listeners.fire();
        }

        private void requireOpen() {
            if (!open.get()) throw new LogUnavailableException("this event log writer was closed; acquire a new one", null);
        }

        @Override
        public boolean isValid() {
            return open.get();
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) writerTaken.set(false);
        }
    }

    /** A connection's page cache enlarged for a write, shrunk back (and the excess freed) on close. */
    private record WriteCache(Connection connection) implements AutoCloseable {
        static WriteCache on(Connection c) throws SQLException {
            setCacheSize(c, WRITE_CACHE_KIB);
            return new WriteCache(c);
        }

        @Override
        public void close() throws SQLException {
            setCacheSize(connection, READ_CACHE_KIB);
        }

        private static void setCacheSize(Connection c, int kib) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA cache_size = -" + kib);
            }
        }
    }
}
