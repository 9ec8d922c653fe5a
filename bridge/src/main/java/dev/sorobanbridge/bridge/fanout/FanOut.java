package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.bridge.metrics.StreamMetrics;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.StoredEvent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one reader of the log's new events on this node. Woken by {@link EventLog#onAppend} (and by a
 * slow safety poll, in case a wake-up is ever lost), it reads every event after the last one it
 * dispatched, finds the open streams each matches through the registry's index, and offers every
 * stream the events of that read meant for it in one batch: one wake-up per stream per read.
 *
 * <p>It never blocks on a stream: a stream whose queue is full is disconnected (it resumes with
 * Last-Event-ID), so one slow client cannot delay the others.
 *
 * <p>Why streams never miss an event at the seam with their replay: the subscription set is read
 * <em>after</em> each read from the log, so an event stored after a stream subscribed either reaches
 * its queue or was stored early enough for that stream's own replay to read it.
 */
public final class FanOut implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FanOut.class.getName());
    private static final int PAGE_SIZE = 500;

    private final EventLog log;
    private final SubscriptionRegistry registry;
    private final StreamMetrics metrics;
    private final Duration safetyPoll;
    private final Function<StoredEvent, byte[]> framing;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread reader;
    private String lastDispatched;

    /** @param framing an event's bytes as a stream writes them: computed here once for all the streams it reaches */
    public FanOut(EventLog log, SubscriptionRegistry registry, StreamMetrics metrics, Duration safetyPoll,
                  Function<StoredEvent, byte[]> framing) {
        this.log = log;
        this.registry = registry;
        this.metrics = metrics;
        this.safetyPoll = safetyPoll;
        this.framing = framing;
    }

    /** Starts after the log's current head: streams replay anything older themselves. */
    public void start() {
        lastDispatched = log.newestId().orElse(null);
        running = true;
        log.onAppend(this::wake);
        reader = Thread.ofPlatform().daemon().name("sse-fan-out").start(this::run);
    }

    /** Asks the reader to look for new events now. Cheap and non-blocking. */
    public void wake() {
        if (wakeUp.availablePermits() == 0) wakeUp.release();
    }

    private void run() {
        while (running) {
            try {
                wakeUp.tryAcquire(safetyPoll.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (running) dispatchNewEvents();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The store may be briefly unreachable: the next wake-up or safety poll retries from the same id.
                LOG.log(System.Logger.Level.WARNING, "fan-out could not read the event log: " + e);
            }
        }
    }

    private void dispatchNewEvents() {
        List<StoredEvent> page;
        do {
            page = log.readStored(EventQuery.all(lastDispatched, PAGE_SIZE));
            if (page.isEmpty()) return;
            dispatch(page);
            lastDispatched = page.getLast().id();
        } while (page.size() == PAGE_SIZE && running);
    }

    private void dispatch(List<StoredEvent> page) {
        LiveBatch read = new LiveBatch(page.stream().filter(FanOut::readable)
                .map(stored -> new LiveEvent(stored, framing.apply(stored))).toList());
        registry.batches(read).forEach((subscription, batch) -> {
            if (subscription.closeReason() != null || subscription.offer(batch)) return;
            registry.remove(subscription);
            subscription.closeNow(CloseReason.SLOW_CONSUMER);
            metrics.slowConsumerDisconnected();
            LOG.log(System.Logger.Level.INFO, "disconnected slow stream " + subscription.clientId()
                    + ": its queue was full");
        });
    }

    /**
     * Parses the event for matching (once: the streams it reaches send its stored text). A row that is
     * not activity-event JSON (written by hand) is skipped, as replay and history skip it.
     */
    private static boolean readable(StoredEvent stored) {
        try {
            stored.event();
            return true;
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "skipping stored event " + stored.id() + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
