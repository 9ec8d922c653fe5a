package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.bridge.sse.SseWriter;
import dev.sorobanbridge.log.StoredEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** What a stream writes for a batch: its frames back to back, joined once, and where a resumed stream starts in it. */
class LiveBatchTest {
    private final LiveBatch batch = new LiveBatch(events(3));

    @Test
    void framesAreEveryEventsFrameInOrderJoinedOnceIntoWritesOfBoundedSize() {
        LiveBatch ten = new LiveBatch(events(10));
        int frameSize = ten.events().getFirst().frame().length;
        List<byte[]> writes = ten.frames(3 * frameSize + 1);

        assertEquals(List.of(3 * frameSize, 3 * frameSize, 3 * frameSize, frameSize),
                writes.stream().map(w -> w.length).toList(), "as many whole frames as fit in each write");
        assertEquals(text(ten.events().stream().map(LiveEvent::frame).toList()), text(writes));
        assertSame(writes, ten.frames(3 * frameSize + 1), "every stream taking the batch writes the same arrays");
    }

    @Test
    void aFrameLargerThanAWriteIsWrittenAloneAsItIs() {
        LiveBatch two = new LiveBatch(events(2));
        List<byte[]> writes = two.frames(1);
        assertEquals(2, writes.size());
        assertSame(two.events().get(0).frame(), writes.get(0), "no copy of a lone frame");
        assertSame(two.events().get(1).frame(), writes.get(1));
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
