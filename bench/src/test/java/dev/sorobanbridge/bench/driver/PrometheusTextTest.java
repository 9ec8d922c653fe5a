package dev.sorobanbridge.bench.driver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusTextTest {
    private static final String TEXT = """
            # HELP rpc_request_seconds RPC calls
            # TYPE rpc_request_seconds histogram
            rpc_request_seconds_count{method="getEvents",outcome="ok"} 12.0
            rpc_request_seconds_count{method="getHealth",outcome="ok"} 1.0
            rpc_request_seconds_count_other 99
            rpc_request_seconds_sum{method="getEvents",outcome="ok"} 0.5
            sse_slow_consumer_disconnects_total 3.0
            """;

    @Test
    void sumsEverySeriesOfOneMetricAndNothingElse() {
        assertEquals(13.0, PrometheusText.sum(TEXT, "rpc_request_seconds_count"));
        assertEquals(3.0, PrometheusText.sum(TEXT, "sse_slow_consumer_disconnects_total"));
    }

    @Test
    void anAbsentMetricIsNotZero() {
        assertTrue(Double.isNaN(PrometheusText.sum(TEXT, "indexer_gaps_total")));
    }

    @Test
    void aHistogramQuantileIsTheBucketBoundOfWhatWasRecordedBetweenTwoScrapes() {
        String before = """
                sse_delivery_lag_seconds_bucket{le="0.1"} 10.0
                sse_delivery_lag_seconds_bucket{le="0.5"} 10.0
                sse_delivery_lag_seconds_bucket{le="1.0"} 10.0
                sse_delivery_lag_seconds_bucket{le="+Inf"} 10.0
                """;
        String after = """
                sse_delivery_lag_seconds_bucket{le="0.1"} 10.0
                sse_delivery_lag_seconds_bucket{le="0.5"} 108.0
                sse_delivery_lag_seconds_bucket{le="1.0"} 109.0
                sse_delivery_lag_seconds_bucket{le="+Inf"} 110.0
                """;

        ServerLag lag = ServerLag.between(before, after);

        assertEquals(new ServerLag(0.5, 1.0, 100), lag);
        assertEquals("p50 ≤ 500 ms, p99 ≤ 1000 ms (100 writes)", lag.toString());
    }

    @Test
    void noWritesInTheWindowGiveNoServerLag() {
        String same = "sse_delivery_lag_seconds_bucket{le=\"+Inf\"} 3.0\n";
        assertEquals(null, ServerLag.between(same, same));
        assertEquals(null, ServerLag.between("", ""));
    }
}
