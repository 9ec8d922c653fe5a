package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.bridge.sse.SseWriter;
import dev.sorobanbridge.log.StoredEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** What a stream writes for a batch: its frames, packed once for every stream, and where a resumed stream starts in it. */
class LiveBatchTest {
    private final LiveBatch batch = new LiveBatch(events(3));

    @Test
    void everyStreamWritesTheArraysPackedOnceFromTheFramesInOrder() {
        LiveBatch ten = new LiveBatch(events(10));
        AtomicInteger packings = new AtomicInteger();
        Function<List<byte[]>, List<byte[]>> packing = frames -> {
            packings.incrementAndGet();
            return SseWriter.packed(frames);
        };
        List<byte[]> writes = ten.writes(packing);

        assertEquals(text(ten.events().stream().map(LiveEvent::frame).toList()), text(writes), "every frame, in order");
        assertSame(writes, ten.writes(packing), "every stream taking the batch writes the same arrays");
        assertEquals(1, packings.get());
    }

    @Test
    void firstAfterSkipsWhatWasAlreadySent() {
        List<String> ids = batch.events().stream().map(LiveEvent::id).toList();
        assertEquals(0, batch.firstAfter(null), "nothing sent yet");
        assertEquals(0, batch.firstAfter("0"), "an id older than the batch");
        assertEquals(1, batch.firstAfter(ids.get(0)));
        assertEquals(2, batch.firstAfter(ids.get(1)));
        assertEquals(3, batch.firstAfter(ids.get(2)), "all sent");
    }

    private static String text(List<byte[]> arrays) {
        return arrays.stream().map(a -> new String(a, StandardCharsets.UTF_8)).reduce("", String::concat);
    }

    private static List<LiveEvent> events(int count) {
        List<LiveEvent> events = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StoredEvent stored = new StoredEvent(event(200, n, "pool.deposit", null, account(1)), "{\"n\":" + n + "}");
            events.add(new LiveEvent(stored, SseWriter.messageFrame(stored.id(), stored.json())));
        }
        return events;
    }
}
