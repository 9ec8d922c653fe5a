package dev.sorobanbridge.dist;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The PromQL name extraction the metric-name check relies on. */
class DeployablesTest {
    @Test
    void findsMetricNamesAndSkipsFunctionsLabelsAndDurations() {
        assertEquals(Set.of("sse_delivery_lag_seconds_bucket"), Deployables.metricNames(
                "histogram_quantile(0.99, sum by (instance, le) (rate(sse_delivery_lag_seconds_bucket{instance=~\"$instance\"}[$__rate_interval]))) > 2"));
        assertEquals(Set.of("rpc_request_seconds_count"), Deployables.metricNames(
                "sum(rate(rpc_request_seconds_count{outcome!=\"ok\"}[5m])) / sum(rate(rpc_request_seconds_count[5m])) > 0.25"));
        assertEquals(Set.of("indexer_latest_ledger", "indexer_leader"), Deployables.metricNames(
                "max by (instance) (changes(indexer_latest_ledger[10m])) == 0 and max by (instance) (indexer_leader) == 1"));
        assertEquals(Set.of("indexer_leader"), Deployables.metricNames("(sum(indexer_leader) or vector(0)) < 1"));
        assertEquals(Set.of("jvm_memory_used_bytes", "jvm_memory_max_bytes"), Deployables.metricNames(
                "sum by (instance) (jvm_memory_used_bytes{area=\"heap\"}) / sum by (instance) (jvm_memory_max_bytes{area=\"heap\"} > 0) > 1e-3"));
    }
}
