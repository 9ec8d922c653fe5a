package dev.sorobanbridge.bridge.fanout;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the streams whose heartbeat, token expiry or end of lifetime has come, so that a stream waits
 * for events without a timeout of its own (see {@link Subscription#take}). One thread scans the open
 * streams at every tick; a stream is woken at the first tick after its due time.
 *
 * <p>The tick is a tenth of the heartbeat, at most a second: a heartbeat comes at most that much late,
 * far inside the twice-the-heartbeat silence after which a client gives up on a stream, and a token
 * expiry or lifetime end is noticed within a second.
 */
public final class DeadlineTicker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeadlineTicker.class.getName());
    private static final Duration LONGEST_TICK = Duration.ofSeconds(1);

    private final SubscriptionRegistry registry;
    private final Clock clock;
    private final Duration tick;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sse-deadlines").factory());

    public DeadlineTicker(SubscriptionRegistry registry, Clock clock, Duration heartbeat) {
        this.registry = registry;
        this.clock = clock;
        Duration tenth = heartbeat.dividedBy(10);
        this.tick = tenth.compareTo(LONGEST_TICK) < 0 ? tenth : LONGEST_TICK;
    }

    public void start() {
        long nanos = Math.max(1, tick.toNanos());
        timer.scheduleAtFixedRate(this::wakeDueStreams, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void wakeDueStreams() {
        try {
            long now = clock.millis();
            for (Subscription subscription : registry.open()) subscription.wakeIfDue(now);
        } catch (RuntimeException e) {
            // A task that throws is never run again by the executor: every stream would lose its heartbeat.
            LOG.log(System.Logger.Level.WARNING, "deadline tick failed: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
