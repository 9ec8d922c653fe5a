package dev.sorobanbridge.log;

import dev.sorobanbridge.abi.ActivityEvent;

import java.util.List;

/**
 * The single writer of an {@link EventLog}. Each call is one transaction: a crash at any instant
 * leaves either all of it or none of it.
 */
public interface LogWriter extends AutoCloseable {

    /**
     * Stores the events whose ids are not stored yet (appends are idempotent on id) and moves the
     * cursor to {@code next}, atomically.
     */
    void append(List<ActivityEvent> events, Cursor next);

    /**
     * {@link #append} of events whose JSON the caller already wrote with {@code ActivityEventJson}
     * ({@link StoredEvent#json()} is stored as given), so that serialising can happen off the
     * writing thread, e.g. while the previous page is being appended.
     */
    void appendStored(List<StoredEvent> events, Cursor next);

    /** Records that ledgers were skipped (RPC retention) and moves the cursor, atomically. */
    void appendGap(Gap gap, Cursor next);

    /** False once this writer has lost its leadership (e.g. its database connection was cut). */
    boolean isValid();

    /** Gives up leadership. */
    @Override
    void close();
}
