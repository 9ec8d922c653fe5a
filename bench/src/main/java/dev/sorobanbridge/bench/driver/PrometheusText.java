package dev.sorobanbridge.bench.driver;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads figures out of Prometheus' text exposition format. */
final class PrometheusText {
    private static final Pattern BUCKET = Pattern.compile("le=\"([^\"]+)\"");

    private PrometheusText() {
    }

    /** The sum of every series of a metric (all label sets); NaN when the metric is absent. */
    static double sum(String text, String metric) {
        double total = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (!line.startsWith(metric)) continue;
            int after = metric.length();
            if (line.length() > after && line.charAt(after) != '{' && line.charAt(after) != ' ') continue;
            int space = line.lastIndexOf(' ');
            try {
                total += Double.parseDouble(line.substring(space + 1));
                found = true;
            } catch (NumberFormatException ignored) {
                // a timestamped or malformed sample: not ours to judge
            }
        }
        return found ? total : Double.NaN;
    }

    /** A histogram's cumulative bucket counts by upper bound (seconds), summed over label sets. */
    static NavigableMap<Double, Double> buckets(String text, String histogram) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        String prefix = histogram + "_bucket{";
        for (String line : text.split("\n")) {
            if (!line.startsWith(prefix)) continue;
            Matcher le = BUCKET.matcher(line);
            if (!le.find()) continue;
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
            try {
                buckets.merge(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            } catch (NumberFormatException ignored) {
                // a malformed sample: leave it out
            }
        }
        return buckets;
    }

    /**
     * The upper bound of the bucket holding the quantile of what was recorded between two scrapes,
     * or NaN when nothing was: Prometheus buckets give "at most this", not an exact value.
     */
    static double quantileBetween(NavigableMap<Double, Double> before, NavigableMap<Double, Double> after, double q) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) return Double.NaN;
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count >= q * total) return bucket.getKey();
        }
        return Double.POSITIVE_INFINITY;
    }
}
