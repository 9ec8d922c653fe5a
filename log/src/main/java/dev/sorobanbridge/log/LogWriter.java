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

    /** Records that ledgers were skipped (RPC retention) and moves the cursor, atomically. */
    void appendGap(Gap gap, Cursor next);

    /** False once this writer has lost its leadership (e.g. its database connection was cut). */
    boolean isValid();

    /** Gives up leadership. */
    @Override
    void close();
}
