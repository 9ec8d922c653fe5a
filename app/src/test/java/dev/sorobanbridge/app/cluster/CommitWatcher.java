package dev.sorobanbridge.app.cluster;

import dev.sorobanbridge.log.store.PostgresKeys;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hears, as every bridge node does, the NOTIFY that the indexer's append transaction sends when it
 * commits ({@link PostgresKeys#APPEND_CHANNEL}, payload {@code "<schema> <newest id>"}), and notes when each
 * commit became visible: the start of the notify-to-client lag, and the moment a new leader's first
 * append lands. Its own session has its own application name, so terminating the cluster's
 * sessions leaves it alone.
 */
final class CommitWatcher implements AutoCloseable {
    /** One committed append: its newest event id, and when this watcher heard of it. */
    record Commit(String newestId, long heardAtNanos) {}

    private final Connection connection;
    private final String prefix;
    private final List<Commit> commits = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread thread;
    private volatile boolean closed;

    CommitWatcher(String serverUrl, String schema) throws SQLException {
        this.connection = DriverManager.getConnection(serverUrl + "&ApplicationName=cluster-test-watcher");
        this.prefix = schema + " ";
        try (Statement st = connection.createStatement()) {
            st.execute("LISTEN " + PostgresKeys.APPEND_CHANNEL);
        }
        this.thread = Thread.ofPlatform().daemon().name("commit-watcher").start(this::run);
    }

    private void run() {
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            while (!closed) {
                PGNotification[] received = pg.getNotifications(100);
                long now = System.nanoTime();
                if (received == null) continue;
                for (PGNotification n : received) {
                    String payload = n.getParameter();
                    if (!payload.startsWith(prefix) || payload.length() == prefix.length()) continue;
                    add(new Commit(payload.substring(prefix.length()), now));
                }
            }
        } catch (SQLException e) {
            if (!closed) throw new IllegalStateException("the commit watcher lost its session", e);
        }
    }

    private void add(Commit commit) {
        lock.lock();
        try {
            commits.add(commit);
        } finally {
            lock.unlock();
        }
    }

    List<Commit> commits() {
        lock.lock();
        try {
            return List.copyOf(commits);
        } finally {
            lock.unlock();
        }
    }

    /** The first commit heard at or after the given instant ({@link System#nanoTime()}), if any yet. */
    Optional<Commit> firstAfter(long nanos) {
        return commits().stream().filter(c -> c.heardAtNanos() >= nanos).findFirst();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        thread.join(2_000);
        connection.close();
    }
}
