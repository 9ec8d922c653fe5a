package dev.sorobanbridge.log;

import dev.sorobanbridge.abi.ActivityEvent;

import java.util.List;
import java.util.Optional;

/**
 * The replayable, durable log of activity events, shared by the indexer (one writer) and any
 * number of readers (bridge streams, history pages).
 *
 * <p>Implementations: {@code SqliteEventLog} (embedded, one process) and {@code PostgresEventLog}
 * (shared by a cluster). All methods are thread-safe. Results are never null. Events come in
 * ascending id order, which is chain order, unless the query asks for newest first.
 */
public interface EventLog extends AutoCloseable {

    /**
     * Tries to become the single writer of this log. SQLite succeeds unless a writer of this log is
     * already open in this process; PostgreSQL succeeds only on the node that wins
     * {@code pg_try_advisory_lock}, and the returned writer appends on the very connection that
     * holds the lock, so a node that lost it can never write. Empty while another writer holds it;
     * throws {@link LogUnavailableException} when the store cannot be reached.
     */
    Optional<LogWriter> tryAcquireWriter();

    /** Events matching the query, parsed, in its order, at most {@code query.limit()} of them. */
    List<ActivityEvent> read(EventQuery query);

    /**
     * Like {@link #read}, as the stored JSON text, not parsed: what replay sends as is. Each event
     * parses itself only if asked ({@link StoredEvent#event()}).
     */
    List<StoredEvent> readStored(EventQuery query);

    /**
     * Like {@link #readStored}, bounded by the log's head, which is read first and returned with the
     * page: a history page and a stream that continues after {@code head} meet without a gap or an
     * overlap.
     */
    LogPage readPage(EventQuery query);

    /** Id of the oldest stored event, if any. */
    Optional<String> oldestId();

    /** Id of the newest stored event, if any (the log's head). */
    Optional<String> newestId();

    /** The indexer's current position, as last committed by a writer. */
    Optional<Cursor> cursor();

    /** Gaps recorded after the given event id (skipped ledgers a resuming client has missed). */
    List<Gap> gapsAfter(String eventId);

    /** Deletes events beyond the retention policy; never touches the cursor. Returns the count. */
    int prune(Retention retention);

    /**
     * Registers a callback run after new events are committed (in this process, or on any node for
     * PostgreSQL via LISTEN/NOTIFY). It must return quickly; readers then call {@link #read}.
     * Wake-ups may be coalesced, and may come with nothing new (PostgreSQL wakes readers after
     * reconnecting, in case a notification was missed), so readers always read after their last id.
     */
    void onAppend(Runnable listener);

    /** Throws {@link LogUnavailableException} when the store cannot be reached. */
    void checkReachable();

    @Override
    void close();
}
