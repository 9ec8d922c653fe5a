package dev.sorobanbridge.log.store;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Wakes this node's readers when any node appends to the shared log. A dedicated connection
 * LISTENs for the writer's NOTIFY; it is reopened whenever it is lost. Because notifications sent
 * while it was down are gone, it also wakes readers after every reconnect, and every
 * {@code fallbackPoll} it checks whether the log's head moved anyway (a lost notification, or a
 * proxy that does not pass them on). Callbacks run on this watcher's virtual thread.
 */
final class PostgresAppendWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PostgresAppendWatcher.class.getName());

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final PostgresConnector connector;
    private final Supplier<Optional<String>> newestId;
    private final AppendListeners listeners;
    private final Duration fallbackPoll;
    private final Thread thread;

    private volatile boolean closed;
    private volatile Connection connection;
    private volatile int backendPid;
    private String lastSeenNewest;
    private long nextFallbackCheck;

    /** @param newestId reads the log's head (through the pool); may throw when the database is down */
    PostgresAppendWatcher(PostgresConnector connector, Supplier<Optional<String>> newestId,
                          AppendListeners listeners, Duration fallbackPoll) {
        this.connector = connector;
        this.newestId = newestId;
        this.listeners = listeners;
        this.fallbackPoll = fallbackPoll;
        this.thread = Thread.ofVirtual().name("event-log-listen").unstarted(this::run);
    }

    void start() {
        lastSeenNewest = newestId.get().orElse(null);
        nextFallbackCheck = System.nanoTime() + fallbackPoll.toNanos();
        thread.start();
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        boolean reportedDown = false;
        while (!closed) {
            try (Connection c = connector.connect("soroban-bridge event-log listen")) {
                String schema = listen(c);
                connection = c;
                if (reportedDown) LOG.log(System.Logger.Level.INFO, "event log notifications resumed");
                reportedDown = false;
                backoff = Duration.ofMillis(100);
                listeners.fire();
                receive(c, schema);
            } catch (SQLException | RuntimeException e) {
                if (closed) break;
                if (!reportedDown) {
                    LOG.log(System.Logger.Level.WARNING,
                            "event log notifications interrupted, reconnecting (readers poll every {0} s meanwhile): {1}",
                            Long.toString(fallbackPoll.toSeconds()),
                            e instanceof SQLException sql ? JdbcEventLog.describe(sql) : e.toString());
                    reportedDown = true;
                }
                connection = null;
                backoff = pauseThenCheck(backoff);
            }
        }
    }

    private String listen(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + PostgresKeys.APPEND_CHANNEL);
            try (ResultSet rs = st.executeQuery("SELECT current_schema(), pg_backend_pid()")) {
                rs.next();
                backendPid = rs.getInt(2);
                return rs.getString(1);
            }
        }
    }

    private void receive(Connection c, String schema) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        String prefix = schema + " ";
        while (!closed) {
            PGNotification[] received = pg.getNotifications(millisUntilFallbackCheck());
            boolean ours = false;
            for (PGNotification n : received == null ? new PGNotification[0] : received) {
                if (n.getParameter().startsWith(prefix)) {
                    ours = true;
                    String id = n.getParameter().substring(prefix.length());
                    if (!id.isEmpty() && (lastSeenNewest == null || id.compareTo(lastSeenNewest) > 0)) lastSeenNewest = id;
                }
            }
            if (ours) listeners.fire();
            if (System.nanoTime() >= nextFallbackCheck) fallbackCheck();
        }
    }

    /** Waits out one reconnect delay, polling the head meanwhile when a check is due; returns the next delay. */
    private Duration pauseThenCheck(Duration backoff) {
        try {
            TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        if (!closed && System.nanoTime() >= nextFallbackCheck) fallbackCheck();
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void fallbackCheck() {
        nextFallbackCheck = System.nanoTime() + fallbackPoll.toNanos();
        try {
            String head = newestId.get().orElse(null);
            if (head != null && !head.equals(lastSeenNewest)) {
                lastSeenNewest = head;
                listeners.fire();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "event log head check failed", e);
        }
    }

    private int millisUntilFallbackCheck() {
        long millis = TimeUnit.NANOSECONDS.toMillis(nextFallbackCheck - System.nanoTime());
        // 0 would mean "wait forever" to the driver.
        return (int) Math.max(1, Math.min(millis, Integer.MAX_VALUE));
    }

    /** The backend of the LISTEN session while connected, for operators and tests. */
    OptionalInt backendPid() {
        return connection == null ? OptionalInt.empty() : OptionalInt.of(backendPid);
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close(); // ends a blocking getNotifications
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the LISTEN connection failed", e);
            }
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
