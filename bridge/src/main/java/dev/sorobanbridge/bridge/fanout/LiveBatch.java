package dev.sorobanbridge.bridge.fanout;

import java.util.List;
import java.util.function.Function;

/**
 * The events one read of the log brings a stream, in log order, with their frames packed into the
 * arrays a stream writes. Every unfiltered stream is handed the same batch, so the join is done once
 * for all of them rather than once per stream: at 10,000 streams that was a third of what the server
 * allocated per delivered event (the web server's copies of each write are the rest; measured in
 * bench/RESULTS.md).
 */
public final class LiveBatch {
    private final List<LiveEvent> events;
    /** Packed on first use; a race at that moment only packs it twice, the results being equal. */
    private volatile List<byte[]> writes;

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
     * The arrays a stream writes for the whole batch: its events' frames, in order, packed by
     * {@code packing} on first use and kept for every later caller, who must pass the same packing.
     */
    public List<byte[]> writes(Function<List<byte[]>, List<byte[]>> packing) {
        List<byte[]> packed = writes;
        if (packed == null) {
            packed = packing.apply(events.stream().map(LiveEvent::frame).toList());
            writes = packed;
        }
        return packed;
    }
}
