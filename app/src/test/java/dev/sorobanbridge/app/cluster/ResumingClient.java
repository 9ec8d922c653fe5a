package dev.sorobanbridge.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.SseClient.Frame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A wallet's stream as a browser's {@code EventSource} keeps it: whenever the connection ends (or
 * cannot be opened) it reconnects after a short delay with {@code Last-Event-ID} set to the last id
 * it received. It notes every activity message with the time it arrived, so a test can compare the
 * whole sequence with the chain and measure delivery lag. {@link #moveTo} switches it to another
 * node, as a load balancer would on the next connection.
 */
final class ResumingClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(300);

    /**
     * One activity message: its id, when it arrived ({@link System#nanoTime()} for intervals in this
     * JVM, wall-clock time to compare with ledger close times) and on which connection (1, 2, …).
     */
    record Received(String id, long atNanos, Instant at, int connection) {}

    final String name;
    private final Map<String, String> headers;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Received> received = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Thread thread;
    private volatile URI target;
    private volatile long offlineUntilNanos;
    private volatile SseClient current;
    private volatile boolean closed;
    private volatile boolean started;
    private volatile String windowStart;
    private volatile int connections;

    /** @param headers sent on every connection (e.g. {@code Authorization}); {@code Last-Event-ID} is added on resumes */
    ResumingClient(String name, URI target, Map<String, String> headers) {
        this.name = name;
        this.target = target;
        this.headers = Map.copyOf(headers);
        this.thread = Thread.ofVirtual().name("client-" + name).start(this::run);
    }

    private void run() {
        while (!closed) {
            Map<String, String> request = new HashMap<>(headers);
            String last = lastId();
            if (last != null) request.put("Last-Event-ID", last);
            try (SseClient client = SseClient.open(target, request)) {
                current = client;
                if (client.status() == 200) {
                    connections++;
                    read(client, connections);
                } else {
                    problem("connection " + (connections + 1) + " to " + target + " answered " + client.status()
                            + ": " + client.errorBody());
                }
            } catch (UncheckedIOException | IllegalStateException unreachable) {
                // The node is down or restarting: EventSource retries the same way.
            } finally {
                current = null;
            }
            pause();
        }
    }

    private void read(SseClient client, int connection) {
        while (!closed && !client.ended()) {
            Frame f = client.poll(Duration.ofMillis(200)).orElse(null);
            if (f == null) continue;
            if ("connected".equals(f.event())) {
                if (!started) {
                    windowStart = text(f.data(), "lastEventId");
                    started = true;
                }
            } else if (f.event() != null && !"token-expired".equals(f.event()) && !"heartbeat".equals(f.event())) {
                problem("connection " + connection + " got event '" + f.event() + "': " + f.data());
            } else if (f.isMessage()) {
                add(new Received(f.id(), System.nanoTime(), Instant.now(), connection));
            }
        }
    }

    /**
     * Ends the current connection; after {@code away} (the wallet's tab asleep, a load balancer
     * draining a node) the next one goes to {@code node} with {@code Last-Event-ID}.
     */
    void moveTo(URI node, Duration away) {
        offlineUntilNanos = System.nanoTime() + away.toNanos();
        target = node;
        SseClient c = current;
        if (c != null) c.close();
    }

    /** The log's head when the first connection opened: the client's window starts after it (null: an empty log). */
    String windowStart() {
        return windowStart;
    }

    int connections() {
        return connections;
    }

    List<Received> received() {
        lock.lock();
        try {
            return List.copyOf(received);
        } finally {
            lock.unlock();
        }
    }

    List<String> receivedIds() {
        return received().stream().map(Received::id).toList();
    }

    /** Named events other than {@code connected} (a {@code reset} would mean a lost resume) and refused connections. */
    List<String> problems() {
        lock.lock();
        try {
            return List.copyOf(problems);
        } finally {
            lock.unlock();
        }
    }

    /** True once the client has received an id at or after {@code id}. */
    BooleanSupplier reached(String id) {
        return () -> {
            String last = lastId();
            return last != null && last.compareTo(id) >= 0;
        };
    }

    private String lastId() {
        lock.lock();
        try {
            return received.isEmpty() ? windowStart : received.getLast().id();
        } finally {
            lock.unlock();
        }
    }

    private void add(Received r) {
        lock.lock();
        try {
            received.add(r);
        } finally {
            lock.unlock();
        }
    }

    private void problem(String p) {
        lock.lock();
        try {
            problems.add(p);
        } finally {
            lock.unlock();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_DELAY);
            long offline = offlineUntilNanos - System.nanoTime();
            if (offline > 0) Thread.sleep(Duration.ofNanos(offline));
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    private static String text(String json, String field) {
        try {
            JsonNode value = JSON.readTree(json).path(field);
            return value.isTextual() ? value.asText() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        SseClient c = current;
        if (c != null) c.close();
        thread.interrupt();
        thread.join(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return name;
    }
}
