package dev.sorobanbridge.bench.driver;

import dev.sorobanbridge.abi.EventId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * What all streams received, shared: event ids numbered once (so each stream keeps a bit set,
 * not 6,000 strings), and the lag figures. Lags are recorded only while {@link #measuring} is on:
 * the steady window after the ramp, not the ramp itself.
 */
final class Receipts {
    private static final String CLOSED_AT_FIELD = "\"ledgerClosedAt\":\"";

    private final Map<String, Entry> events = new ConcurrentHashMap<>();
    private final Map<Integer, String> ids = new ConcurrentHashMap<>();
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final AtomicReference<String> newestId = new AtomicReference<>();
    private final Map<Long, Long> exactCloseMillis = new ConcurrentHashMap<>();
    /** Every event of a ledger carries its close time: parsed once per ledger, not once per receipt. */
    private final Map<Long, Long> ledgerClosedAtMillis = new ConcurrentHashMap<>();
    private final LongFunction<Optional<Instant>> exactCloseTimes;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receivedWhileMeasuring = new AtomicLong();
    private volatile boolean measuring;

    /** ledgerClosedAt (whole seconds on Stellar) → receipt. */
    final LatencyHistogram sinceLedgerClosedAt = new LatencyHistogram();
    /** The simulator's sub-second close time → receipt; empty without an in-process simulator. */
    final LatencyHistogram sinceExactClose = new LatencyHistogram();
    /** The first receipt of the event by any stream → this receipt: the fan-out's spread. */
    final LatencyHistogram sinceFirstReceipt = new LatencyHistogram();

    /** @param exactCloseTimes a ledger's precise close time, or null when only ledgerClosedAt is known */
    Receipts(LongFunction<Optional<Instant>> exactCloseTimes) {
        this.exactCloseTimes = exactCloseTimes;
    }

    private static final class Entry {
        final int index;
        final long firstReceiptMillis;

        Entry(int index, long firstReceiptMillis) {
            this.index = index;
            this.firstReceiptMillis = firstReceiptMillis;
        }
    }

    void startMeasuring() {
        measuring = true;
    }

    void stopMeasuring() {
        measuring = false;
    }

    /** Records one receipt; returns the event's number for the stream's bit set. */
    int received(String id, String data, long nowMillis) {
        received.incrementAndGet();
        Entry entry = events.computeIfAbsent(id, k -> {
            Entry e = new Entry(nextIndex.getAndIncrement(), nowMillis);
            ids.put(e.index, k);
            return e;
        });
        newestId.accumulateAndGet(id, (a, b) -> a == null || b.compareTo(a) > 0 ? b : a);
        if (measuring) {
            receivedWhileMeasuring.incrementAndGet();
            sinceFirstReceipt.record(nowMillis - entry.firstReceiptMillis);
            long ledger = EventId.parse(id).ledger();
            long closedAt = ledgerClosedAtMillis.computeIfAbsent(ledger, l -> closedAtMillis(data));
            if (closedAt > 0) sinceLedgerClosedAt.record(nowMillis - closedAt);
            if (exactCloseTimes != null) {
                long exact = exactCloseMillis.computeIfAbsent(ledger,
                        l -> exactCloseTimes.apply(l).map(Instant::toEpochMilli).orElse(0L));
                if (exact > 0) sinceExactClose.record(nowMillis - exact);
            }
        }
        return entry.index;
    }

    /** The number of an event some stream received, or -1 when none did. */
    int indexOf(String id) {
        Entry e = events.get(id);
        return e == null ? -1 : e.index;
    }

    /** The id of an event number from {@link #received}. */
    String idOf(int index) {
        return ids.get(index);
    }

    long total() {
        return received.get();
    }

    /** Receipts between {@link #startMeasuring} and {@link #stopMeasuring}: the window's deliveries. */
    long totalWhileMeasuring() {
        return receivedWhileMeasuring.get();
    }

    /** The newest id any stream received, or null. */
    String newestId() {
        return newestId.get();
    }

    /** Reads ledgerClosedAt without parsing the whole JSON: this runs for every event on every stream. */
    private static long closedAtMillis(String data) {
        int start = data.indexOf(CLOSED_AT_FIELD);
        if (start < 0) return 0;
        start += CLOSED_AT_FIELD.length();
        int end = data.indexOf('"', start);
        if (end < 0) return 0;
        try {
            return Instant.parse(data.substring(start, end)).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
