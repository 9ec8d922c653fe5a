package dev.sorobanbridge.bench.driver;

import java.util.NavigableMap;

/**
 * The server's own view of lag over the window, from its {@code sse_delivery_lag_seconds}
 * histogram: ledger close → event written to the socket. Next to the driver's receipt lag it tells
 * whether time was lost in the server or between the server's write and the driver's read.
 * Values are bucket upper bounds in seconds.
 */
record ServerLag(double p50, double p99, long samples) {
    private static final String HISTOGRAM = "sse_delivery_lag_seconds";

    /** @return null when the server recorded nothing in the window or exposes no such histogram */
    static ServerLag between(String metricsBefore, String metricsAfter) {
        NavigableMap<Double, Double> before = PrometheusText.buckets(metricsBefore, HISTOGRAM);
        NavigableMap<Double, Double> after = PrometheusText.buckets(metricsAfter, HISTOGRAM);
        double p50 = PrometheusText.quantileBetween(before, after, 0.50);
        if (Double.isNaN(p50)) return null;
        long samples = (long) (after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
                - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0));
        return new ServerLag(p50, PrometheusText.quantileBetween(before, after, 0.99), samples);
    }

    @Override
    public String toString() {
        return "p50 ≤ " + millis(p50) + ", p99 ≤ " + millis(p99) + " (" + samples + " writes)";
    }

    private static String millis(double seconds) {
        return Double.isInfinite(seconds) ? "+Inf" : Math.round(seconds * 1000) + " ms";
    }
}
