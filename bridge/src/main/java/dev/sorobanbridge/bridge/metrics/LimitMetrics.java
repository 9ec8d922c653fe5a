package dev.sorobanbridge.bridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code limits_rejected_total{limit}} (DESIGN.md "Metrics"): every request a limit refused. The tag is
 * the name of the {@code limits.*} (or {@code server.*}) key that refused it, so an operator sees at once
 * which setting a rise is about.
 */
public final class LimitMetrics {
    private final MeterRegistry registry;

    public LimitMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void rejected(String limit) {
        Counter.builder("limits.rejected")
                .description("Requests and connections refused by a limit, by the limit's config key")
                .tag("limit", limit)
                .register(registry)
                .increment();
    }
}
