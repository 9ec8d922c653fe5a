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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event log in one SQLite file (WAL mode: readers never wait for the writer). SQLite allows one
 * writing transaction at a time per file, so this process's own writes (appends and prunes) queue
 * on a lock instead of contending inside SQLite; readers are woken in-process right after commit.
 */
final class SqliteEventLog extends JdbcEventLog {

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
        try (Connection c = pool.getConnection()) {
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
}
