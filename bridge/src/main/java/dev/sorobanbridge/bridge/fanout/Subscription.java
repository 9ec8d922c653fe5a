package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.filter.EventFilter;
import dev.sorobanbridge.indexer.log.EventQuery;

import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open stream as the fan-out sees it: who, which filter, and a bounded queue of live events.
 * The fan-out only ever {@link #offer}s (never blocks); the stream's own thread {@link #poll}s.
 *
 * <p>{@link #closeNow} interrupts the stream's thread: a virtual thread blocked in a socket write to a
 * client that stopped reading is released only that way (the JDK then closes the socket).
 * {@link #closeGracefully} only wakes it, so it ends its response cleanly.
 */
public final class Subscription {
    /** Put in a queue to wake its reader without an event; never delivered. */
    private static final LiveEvent WAKE_UP = new LiveEvent(null, null);

    private final String clientId;
    private final Principal principal;
    private final EventFilter filter;
    /** The filter as the store applies it, built once: the fan-out matches every event against it. */
    private final EventQuery matcher;
    private final Instant openedAt;
    private final BlockingQueue<LiveEvent> queue;
    private final ReentrantLock threadLock = new ReentrantLock();
    private Thread thread;
    private boolean finished;
    private volatile CloseReason closeReason;
    private volatile boolean live;

    public Subscription(String clientId, Principal principal, EventFilter filter, int queueCapacity, Instant openedAt) {
        this.clientId = clientId;
        this.principal = principal;
        this.filter = filter;
        this.matcher = filter.query(null, 1);
        this.openedAt = openedAt;
        // Linked, not array-backed: an idle stream's empty queue costs a few bytes, not capacity × a reference.
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
    }

    public String clientId() { return clientId; }

    public Principal principal() { return principal; }

    public EventFilter filter() { return filter; }

    public Instant openedAt() { return openedAt; }

    public int queueDepth() { return queue.size(); }

    /** True once replay is done and the stream only forwards live events. */
    public boolean isLive() { return live; }

    public void markLive() { live = true; }

    /** Null while open; why it was closed from outside otherwise. */
    public CloseReason closeReason() { return closeReason; }

    boolean matches(ActivityEvent event) {
        return matcher.matches(event);
    }

    /** Non-blocking. False when the queue is full. */
    boolean offer(LiveEvent event) {
        return queue.offer(event);
    }

    /**
     * Waits up to the timeout for the next live event.
     *
     * @return null on timeout or when woken without an event
     */
    public LiveEvent poll(long timeoutMillis) throws InterruptedException {
        LiveEvent next = queue.poll(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
        return next == WAKE_UP ? null : next;
    }

    /** Binds this subscription to the calling thread: the one {@link #closeNow} may interrupt. */
    public void attachCurrentThread() {
        threadLock.lock();
        try {
            thread = Thread.currentThread();
        } finally {
            threadLock.unlock();
        }
    }

    /**
     * Called by the stream's thread as it leaves: from now on no close interrupts it, and any interrupt
     * meant for this stream is cleared before the thread goes back to the web server.
     */
    public void detachCurrentThread() {
        threadLock.lock();
        try {
            finished = true;
            thread = null;
            Thread.interrupted();
        } finally {
            threadLock.unlock();
        }
    }

    /** Ends the stream at once, even if its thread is stuck writing. The first reason wins. */
    public void closeNow(CloseReason reason) {
        if (closeReason == null) closeReason = reason;
        threadLock.lock();
        try {
            if (thread != null && !finished) thread.interrupt();
        } finally {
            threadLock.unlock();
        }
    }

    /** Asks the stream to end after what it is writing now. The first reason wins. */
    public void closeGracefully(CloseReason reason) {
        if (closeReason == null) closeReason = reason;
        // A full queue needs no wake-up: the stream is busy and checks the reason before its next event.
        queue.offer(WAKE_UP);
    }
}
