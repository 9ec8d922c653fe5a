package dev.sorobanbridge.bridge.metrics;

import dev.sorobanbridge.bridge.fanout.Subscription;
import dev.sorobanbridge.bridge.fanout.SubscriptionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's stream metrics (docs/design.md#metrics): {@code sse_connections{state}},
 * {@code sse_events_sent_total}, {@code sse_slow_consumer_disconnects_total},
 * {@code sse_delivery_lag_seconds}, plus {@code sse_rejected_total{reason}} for refused streams.
 */
public final class StreamMetrics {
    private final MeterRegistry registry;
    private final Counter eventsSent;
    private final Counter slowConsumerDisconnects;
    private final Timer deliveryLag;

    public StreamMetrics(MeterRegistry registry, SubscriptionRegistry subscriptions) {
        this.registry = registry;
        Gauge.builder("sse.connections", subscriptions, s -> count(s, true))
                .description("Open SSE streams; state=live once their replay is done")
                .tag("state", "live").register(registry);
        Gauge.builder("sse.connections", subscriptions, s -> count(s, false))
                .description("Open SSE streams; state=replaying while they catch up from the log")
                .tag("state", "replaying").register(registry);
        eventsSent = Counter.builder("sse.events.sent")
                .description("Activity events written to SSE streams (replayed and live)").register(registry);
        slowConsumerDisconnects = Counter.builder("sse.slow.consumer.disconnects")
                .description("Streams disconnected because their bounded queue was full").register(registry);
        deliveryLag = Timer.builder("sse.delivery.lag")
                .description("From the ledger's close to the live event written to the socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /** Counted per write, not per event: with thousands of streams, a counter update per event adds up. */
    public void eventsSent(int count) {
        eventsSent.increment(count);
    }

    /** @param millisSinceLedgerClose from the ledger's close to the event written (a clock behind the ledger's: 0) */
    public void liveEventDelivered(long millisSinceLedgerClose) {
        deliveryLag.record(Math.max(0, millisSinceLedgerClose), TimeUnit.MILLISECONDS);
    }

    public void slowConsumerDisconnected() {
        slowConsumerDisconnects.increment();
    }

    /** A stream refused before it opened: reason is the error code (too_many_streams, rate_limited, …). */
    public void rejected(String reason) {
        registry.counter("sse.rejected", "reason", reason).increment();
    }

    private static double count(SubscriptionRegistry subscriptions, boolean live) {
        int n = 0;
        for (Subscription s : subscriptions.open()) {
            if (s.isLive() == live) n++;
        }
        return n;
    }
}
