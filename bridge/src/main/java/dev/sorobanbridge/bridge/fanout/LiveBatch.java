package dev.sorobanbridge.bridge.fanout;

import java.util.ArrayList;
import java.util.List;

/**
 * The events one read of the log brings a stream, in log order, with their frames joined into the
 * arrays a stream writes. Every unfiltered stream is handed the same batch, so the join is done once
 * for all of them rather than once per stream: at 10,000 streams that was a third of what the server
 * allocated per delivered event (the web server's copies of each write are the rest; measured in
 * bench/RESULTS.md).
 */
public final class LiveBatch {
    private final List<LiveEvent> events;
    /** Joined on first use; a race at that moment only joins it twice, the results being equal. */
    private volatile Joined joined;

    private record Joined(int writeSize, List<byte[]> writes) {}

    /** @param events in log order; not changed afterwards */
    public LiveBatch(List<LiveEvent> events) {
        this.events = events;
    }

    public List<LiveEvent> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    /** The position of the first event whose id sorts after {@code id} ({@link #size} if none; 0 if id is null). */
    public int firstAfter(String id) {
        int first = 0;
        while (first < events.size() && id != null && events.get(first).id().compareTo(id) <= 0) first++;
        return first;
    }

    /**
     * Every event's frame, in order, joined into arrays of at most {@code writeSize} bytes (a larger frame
     * alone), none split: each is one write. The size bounds what a stream blocked in a write to a slow
     * client holds: a copy of one such array, not of a whole 500-event read.
     */
    public List<byte[]> frames(int writeSize) {
        Joined done = joined;
        if (done == null || done.writeSize() != writeSize) {
            done = new Joined(writeSize, join(writeSize));
            joined = done;
        }
        return done.writes();
    }

    private List<byte[]> join(int writeSize) {
        List<byte[]> writes = new ArrayList<>();
        int from = 0;
        while (from < events.size()) {
            int to = from;
            int length = 0;
            while (to < events.size() && (to == from || length + events.get(to).frame().length <= writeSize)) {
                length += events.get(to).frame().length;
                to++;
            }
            writes.add(to - from == 1 ? events.get(from).frame() : joined(from, to, length));
            from = to;
        }
        return List.copyOf(writes);
    }

    private byte[] joined(int from, int to, int length) {
        byte[] all = new byte[length];
        int at = 0;
        for (int i = from; i < to; i++) {
            byte[] frame = events.get(i).frame();
            System.arraycopy(frame, 0, all, at, frame.length);
            at += frame.length;
        }
        return all;
    }
}
