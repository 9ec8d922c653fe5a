package dev.sorobanbridge.bench.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.stellar.sdk.KeyPair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One simulated wallet tab: logs in, gets a ticket, opens its stream and reads it, resuming with
 * Last-Event-ID when the server closes it, until the driver stops it. A slow client reads up to
 * {@code connected} and then nothing more, like a frozen tab.
 */
final class StreamClient implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A slow consumer's receive buffer: small, so the server rather than the kernel holds the backlog. */
    private static final int SLOW_RECEIVE_BUFFER = 16 * 1024;
    private static final long RECONNECT_DELAY_MILLIS = 500;
    private static final int SETUP_ATTEMPTS = 3;
    private static final long RETRY_DELAY_MILLIS = 1000;

    private final StreamFilter filter;
    private final boolean slow;
    private final URI base;
    private final BridgeClient bridge;
    private final Login login;
    private final Receipts receipts;
    private final CountDownLatch openedOrFailed;
    private final CountDownLatch stop;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: the events received, by {@link Receipts} number. */
    private final BitSet received = new BitSet();

    private volatile SseConnection connection;
    private volatile boolean stopping;
    private volatile boolean open;
    private volatile String failure;
    /** The connected event's lastEventId on the first connection: the stream owes every event after it. */
    private volatile String startId;
    private String lastId;
    private volatile long duplicates;
    private volatile long outOfOrder;
    private volatile int reconnects;
    private volatile int resets;
    private volatile int setupRetries;
    private volatile boolean endedByServer;

    StreamClient(StreamFilter filter, boolean slow, URI base, BridgeClient bridge, Login login, Receipts receipts,
                 CountDownLatch openedOrFailed, CountDownLatch stop) {
        this.filter = filter;
        this.slow = slow;
        this.base = base;
        this.bridge = bridge;
        this.login = login;
        this.receipts = receipts;
        this.openedOrFailed = openedOrFailed;
        this.stop = stop;
    }

    @Override
    public void run() {
        try {
            KeyPair account = KeyPair.random();
            String ticket = withRetries(() -> bridge.ticket(login.tokenFor(account)));
            String path = "/events?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8)
                    + (filter.query().isEmpty() ? "" : "&" + filter.query());
            while (!stopping) {
                String resumeFrom = lastId != null ? lastId : startId;
                boolean resume = open ? stream(path, resumeFrom) : withRetries(() -> {
                    try {
                        return stream(path, resumeFrom);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                if (!resume || stopping) break;
                reconnects++;
                Thread.sleep(RECONNECT_DELAY_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!stopping) fail(e.toString());
        } finally {
            signalOpenedOrFailed();
        }
    }

    /**
     * Login, ticket and first connection are retried after a network failure (a timeout, a refused
     * connection), as a wallet would; an HTTP error answer is not retried. Retries are counted.
     */
    private <T> T withRetries(Callable<T> step) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.call();
            } catch (UncheckedIOException e) {
                if (attempt >= SETUP_ATTEMPTS || stopping) throw e;
                setupRetries++;
                Thread.sleep(RETRY_DELAY_MILLIS * attempt);
            }
        }
    }

    /** One connection; true when it ended in a way the client should resume from. */
    private boolean stream(String path, String resumeFrom) throws IOException, InterruptedException {
        SseConnection c = SseConnection.open(base, path, resumeFrom, slow ? SLOW_RECEIVE_BUFFER : 0);
        connection = c;
        try {
            if (c.status() != 200) {
                fail("HTTP " + c.status() + " " + c.errorBody());
                return false;
            }
            SseConnection.Frame frame;
            while ((frame = c.next()) != null) {
                if ("connected".equals(frame.event())) {
                    connected(frame.data());
                    if (slow) {
                        stop.await(); // a frozen tab: holds the connection, reads nothing
                        return false;
                    }
                } else if ("reset".equals(frame.event())) {
                    resets++;
                } else if (frame.event() == null && frame.id() != null && frame.data() != null) {
                    event(frame.id(), frame.data());
                }
            }
            endedByServer = true;
            return true;
        } catch (IOException e) {
            if (stopping) return false;
            endedByServer = true;
            return true;
        } finally {
            c.close();
        }
    }

    private void connected(String data) throws IOException {
        if (open) return;
        JsonNode json = JSON.readTree(data);
        startId = json.path("lastEventId").isTextual() ? json.path("lastEventId").asText() : null;
        open = true;
        signalOpenedOrFailed();
    }

    private void event(String id, String data) {
        int index = receipts.received(id, data, System.currentTimeMillis());
        boolean seen;
        lock.lock();
        try {
            seen = received.get(index);
            received.set(index);
        } finally {
            lock.unlock();
        }
        if (seen) {
            duplicates++;
        } else if (lastId != null && id.compareTo(lastId) < 0) {
            outOfOrder++;
        }
        if (lastId == null || id.compareTo(lastId) > 0) lastId = id;
    }

    private void fail(String why) {
        if (failure == null) failure = why;
        signalOpenedOrFailed();
    }

    /** Counts this client down once, whether it opened, failed, or both in turn. */
    private void signalOpenedOrFailed() {
        if (signalled.compareAndSet(false, true)) openedOrFailed.countDown();
    }

    /** Stops reading and closes the connection; the client's thread then ends. */
    void stop() {
        stopping = true;
        SseConnection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a socket that is already gone
            }
        }
    }

    boolean hasReceived(String id) {
        int index = receipts.indexOf(id);
        if (index < 0) return false;
        lock.lock();
        try {
            return received.get(index);
        } finally {
            lock.unlock();
        }
    }

    /** The numbers of every event received, a copy. */
    BitSet receivedSet() {
        lock.lock();
        try {
            return (BitSet) received.clone();
        } finally {
            lock.unlock();
        }
    }

    StreamFilter filter() { return filter; }
    boolean slow() { return slow; }
    boolean opened() { return open; }
    String failure() { return failure; }
    String startId() { return startId; }
    long duplicates() { return duplicates; }
    long outOfOrder() { return outOfOrder; }
    int reconnects() { return reconnects; }
    int resets() { return resets; }
    int setupRetries() { return setupRetries; }
    boolean endedByServer() { return endedByServer; }
}
