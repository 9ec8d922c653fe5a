package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.filter.EventFilter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open stream as the fan-out sees it: who, which filter, and a bounded queue of live events.
 * The fan-out only ever {@link #offer}s (never blocks); the stream's own thread {@link #take}s.
 *
 * <p>Events come and go in batches: the fan-out offers everything one read of the log brought for
 * this stream at once, and the stream takes everything waiting at once. With 10,000 streams, waking
 * each stream's thread once per event rather than once per batch was a fifth of the server's work.
 *
 * <p>{@link #closeNow} interrupts the stream's thread: a virtual thread blocked in a socket write to a
 * client that stopped reading is released only that way (the JDK then closes the socket).
 * {@link #closeGracefully} only wakes it, so it ends its response cleanly.
 */
public final class Subscription {
    private static final long NOT_WAITING = Long.MAX_VALUE;
    private final String clientId;
    private final Principal principal;
    private final EventFilter filter;
    private final Instant openedAt;
    private final int queueCapacity;
    /** Guards {@link #pending}, {@link #wakeUpAsked} and {@link #dueAtMillis} changes; held only to add or take, never during I/O. */
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition arrived = queueLock.newCondition();
    /** Batches not yet taken by the stream, oldest first; null when none (most streams are idle). */
    private List<LiveBatch> pending;
    private volatile int queueDepth;
    private boolean wakeUpAsked;
    /** Clock millis at which a waiting stream is due; written under {@link #queueLock}, read without it. */
    private volatile long dueAtMillis = NOT_WAITING;
    private final ReentrantLock threadLock = new ReentrantLock();
    private Thread thread;
    private boolean finished;
    private volatile CloseReason closeReason;
    private volatile boolean live;

    public Subscription(String clientId, Principal principal, EventFilter filter, int queueCapacity, Instant openedAt) {
        this.clientId = clientId;
        this.principal = principal;
        this.filter = filter;
        this.openedAt = openedAt;
        this.queueCapacity = queueCapacity;
    }

    public String clientId() { return clientId; }

    public Principal principal() { return principal; }

    public EventFilter filter() { return filter; }

    public Instant openedAt() { return openedAt; }

    /** Events waiting for the stream to take them. */
    public int queueDepth() { return queueDepth; }

    /** True once replay is done and the stream only forwards live events. */
    public boolean isLive() { return live; }

    public void markLive() { live = true; }

    /** Null while open; why it was closed from outside otherwise. */
    public CloseReason closeReason() { return closeReason; }

    boolean matches(ActivityEvent event) {
        return filter.matches(event);
    }

    /**
     * Adds the events of one log read that match this stream. Non-blocking. False when they do not fit:
     * the stream has not taken what it already holds and the queue would exceed its capacity in events.
     * A stream that has taken everything never counts as slow, even when one read brings more than its
     * capacity.
     */
    boolean offer(LiveBatch batch) {
        queueLock.lock();
        try {
            if (pending == null) {
                pending = new ArrayList<>(2);
            } else if (queueDepth + batch.size() > queueCapacity) {
                return false;
            }
            pending.add(batch);
            queueDepth += batch.size();
            arrived.signal();
            return true;
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Waits for live events, or until the {@link DeadlineTicker} finds {@code dueAt} passed, and takes
     * all that are waiting. The wait itself has no timeout: a timed wait registers a timer that every
     * event cancels and the next wait registers again, which at 10,000 streams was a quarter of the
     * server's CPU; one ticker for all streams costs a scan per tick instead.
     *
     * @param dueAt when the stream has something to do without an event (heartbeat, token expiry, end of lifetime)
     * @return the batches, oldest first; empty when woken without events
     */
    public List<LiveBatch> take(Instant dueAt) throws InterruptedException {
        queueLock.lock();
        try {
            dueAtMillis = dueAt.toEpochMilli();
            while (pending == null && !wakeUpAsked) arrived.await();
            wakeUpAsked = false;
            List<LiveBatch> taken = pending == null ? List.of() : pending;
            pending = null;
            queueDepth = 0;
            return taken;
        } finally {
            // Only a waiting stream is due: one that is writing is not woken by every tick.
            dueAtMillis = NOT_WAITING;
            queueLock.unlock();
        }
    }

    /**
     * Wakes the stream if it waits and its due time has come. Called by the ticker for every open
     * stream at every tick, so the common case (not due) reads one volatile field and takes no lock.
     */
    void wakeIfDue(long nowMillis) {
        if (nowMillis < dueAtMillis) return;
        queueLock.lock();
        try {
            if (nowMillis < dueAtMillis) return;
            dueAtMillis = NOT_WAITING;
            wakeUpAsked = true;
            arrived.signal();
        } finally {
            queueLock.unlock();
        }
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
        queueLock.lock();
        try {
            wakeUpAsked = true;
            arrived.signal();
        } finally {
            queueLock.unlock();
        }
    }
}
