package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.filter.EventFilter;
import dev.sorobanbridge.log.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream's queue: batches in, everything waiting out, bounded by the capacity in events. */
class SubscriptionQueueTest {
    private static final int CAPACITY = 4;
    private static final Instant FAR_AWAY = Instant.now().plusSeconds(3_600);

    private final Subscription subscription = new Subscription("client", new Principal(account(1), "session", null,
            false, null), EventFilter.ALL, CAPACITY, Instant.now());

    @Test
    void theStreamTakesEverythingWaitingInOrder() throws Exception {
        LiveBatch first = events(0, 2);
        LiveBatch second = events(2, 2);
        assertTrue(subscription.offer(first));
        assertTrue(subscription.offer(second));
        assertEquals(4, subscription.queueDepth());

        assertEquals(List.of(first, second), subscription.take(FAR_AWAY));
        assertEquals(0, subscription.queueDepth());
    }

    @Test
    void aWaitingStreamIsWokenOnceItsDueTimeHasCome() throws Exception {
        Instant due = Instant.ofEpochMilli(1_000_000);
        CompletableFuture<List<LiveBatch>> waiting = CompletableFuture.supplyAsync(() -> take(due));
        // Ticks, as the ticker's are: the first ones may come before the taking thread waits.
        for (int tick = 0; tick < 100; tick++) {
            subscription.wakeIfDue(due.toEpochMilli() - 1);
            Thread.sleep(1);
        }
        assertFalse(waiting.isDone(), "not due yet");
        while (!waiting.isDone()) {
            subscription.wakeIfDue(due.toEpochMilli());
            Thread.sleep(1);
        }
        assertEquals(List.of(), waiting.get(), "due: woken without events");
    }

    @Test
    void aStreamThatIsNotWaitingIsNeverDue() throws Exception {
        subscription.wakeIfDue(Long.MAX_VALUE - 1);
        assertTrue(subscription.offer(events(0, 1)));
        subscription.take(Instant.EPOCH);
        subscription.wakeIfDue(Long.MAX_VALUE - 1);
        CompletableFuture<List<LiveBatch>> waiting = CompletableFuture.supplyAsync(() -> take(FAR_AWAY));
        assertThrows(TimeoutException.class, () -> waiting.get(100, TimeUnit.MILLISECONDS),
                "a tick while the stream was busy leaves no wake-up behind");
        subscription.closeGracefully(CloseReason.DRAINING);
        assertEquals(List.of(), waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aBatchThatWouldOverfillUnreadEventsIsRefused() {
        assertTrue(subscription.offer(events(0, 3)));
        assertFalse(subscription.offer(events(3, 2)), "3 unread + 2 exceeds the capacity of 4");
        assertEquals(3, subscription.queueDepth(), "a refused batch adds nothing");
    }

    @Test
    void aStreamThatReadEverythingTakesALargeBatchWhole() throws Exception {
        LiveBatch large = events(0, CAPACITY + 3);
        assertTrue(subscription.offer(large), "one log read may bring more than the capacity to a stream that keeps up");
        assertFalse(subscription.offer(events(10, 1)), "but nothing more until it takes them");
        assertEquals(List.of(large), subscription.take(FAR_AWAY));
        assertTrue(subscription.offer(events(10, 1)));
    }

    @Test
    void aWaitingStreamWakesForABatchAndForAGracefulClose() throws Exception {
        CompletableFuture<List<LiveBatch>> waiting = CompletableFuture.supplyAsync(this::takeLong);
        LiveBatch batch = events(0, 2);
        subscription.offer(batch);
        assertEquals(List.of(batch), waiting.get(10, TimeUnit.SECONDS));

        CompletableFuture<List<LiveBatch>> closing = CompletableFuture.supplyAsync(this::takeLong);
        subscription.closeGracefully(CloseReason.DRAINING);
        assertEquals(List.of(), closing.get(10, TimeUnit.SECONDS));
        assertEquals(CloseReason.DRAINING, subscription.closeReason());
    }

    private List<LiveBatch> takeLong() {
        return take(FAR_AWAY);
    }

    private List<LiveBatch> take(Instant dueAt) {
        try {
            return subscription.take(dueAt);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }


    private static LiveBatch events(int from, int count) {
        List<LiveEvent> events = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            StoredEvent stored = new StoredEvent(event(200, n, "pool.deposit", null, account(1)), "{\"n\":" + n + "}");
            events.add(new LiveEvent(stored, new byte[0]));
        }
        return new LiveBatch(events);
    }
}
