package dev.sorobanbridge.indexer.poll;

import dev.sorobanbridge.log.StoredEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The indexer's meters. Micrometer names become the Prometheus names of docs/design.md#metrics: {@code indexer.leader}
 * is {@code indexer_leader}, {@code indexer.events} is {@code indexer_events_total}, and so on.
 * Unknown ledgers read as NaN. Written by the polling thread, read by any.
 */
final class IndexerMetrics {
    private static final long UNKNOWN = -1;

    private final MeterRegistry registry;
    private final List<Gauge> gauges;
    private final Counter decodeFailures;
    private final Counter gaps;
    private volatile boolean leader;
    private volatile long latestLedger = UNKNOWN;
    private volatile long cursorLedger = UNKNOWN;

    IndexerMetrics(MeterRegistry registry) {
        this.registry = registry;
        gauges = List.of(
                Gauge.builder("indexer.leader", this, m -> m.leader ? 1 : 0)
                        .description("1 while this node's indexer holds the event log writer and polls").strongReference(true).register(registry),
                Gauge.builder("indexer.latest.ledger", this, m -> known(m.latestLedger))
                        .description("the RPC's latest ledger at the last poll").strongReference(true).register(registry),
                Gauge.builder("indexer.cursor.ledger", this, m -> known(m.cursorLedger))
                        .description("the ledger of the committed cursor").strongReference(true).register(registry),
                Gauge.builder("indexer.lag.ledgers", this, IndexerMetrics::lagOrNaN)
                        .description("ledgers between the RPC's latest and the committed cursor").strongReference(true).register(registry));
        decodeFailures = Counter.builder("indexer.decode.failures")
                .description("events whose XDR could not be decoded (stored as <contract>.unknown)").register(registry);
        gaps = Counter.builder("indexer.gaps")
                .description("times ledgers were skipped because the RPC no longer retained them").register(registry);
    }

    /** Unregisters the gauges, which read this instance, so a later indexer can register its own. */
    void close() {
        gauges.forEach(registry::remove);
    }

    void leader(boolean isLeader) {
        leader = isLeader;
    }

    boolean leader() {
        return leader;
    }

    void latestLedger(long ledger) {
        latestLedger = ledger;
    }

    void cursorLedger(long ledger) {
        cursorLedger = ledger;
    }

    Long latestLedger() {
        return latestLedger == UNKNOWN ? null : latestLedger;
    }

    Long cursorLedger() {
        return cursorLedger == UNKNOWN ? null : cursorLedger;
    }

    Long lagLedgers() {
        long latest = latestLedger;
        long cursor = cursorLedger;
        return latest == UNKNOWN || cursor == UNKNOWN ? null : Math.max(0, latest - cursor);
    }

    /**
     * Counts, per {@code (contract, type)}, the events of one page. Done by whoever prepares the page
     * (the thread that fetches ahead), so that the appending thread only adds the totals.
     */
    static Map<TypeKey, Long> countByType(List<StoredEvent> events) {
        Map<TypeKey, Long> counts = new HashMap<>();
        for (StoredEvent e : events) {
            counts.merge(new TypeKey(e.event().contract(), e.event().type()), 1L, Long::sum);
        }
        return counts;
    }

    void stored(Map<TypeKey, Long> countsByType) {
        // One counter look-up per type and page, not per event: a 10,000-event page has a few dozen types.
        countsByType.forEach((key, count) -> Counter.builder("indexer.events").description("activity events appended to the log")
                .tag("contract", key.contract()).tag("type", key.type()).register(registry).increment(count));
    }

    record TypeKey(String contract, String type) {}

    void decodeFailure() {
        decodeFailures.increment();
    }

    void gap() {
        gaps.increment();
    }

    private static double known(long ledger) {
        return ledger == UNKNOWN ? Double.NaN : ledger;
    }

    private static double lagOrNaN(IndexerMetrics m) {
        Long lag = m.lagLedgers();
        return lag == null ? Double.NaN : lag;
    }
}
