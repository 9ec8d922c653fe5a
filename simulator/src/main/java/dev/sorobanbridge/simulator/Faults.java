package dev.sorobanbridge.simulator;

import java.time.Duration;

/**
 * Faults the simulated RPC injects, each decided independently per HTTP request. Rates are
 * probabilities in [0, 1].
 *
 * @param errorRate share of requests answered with a JSON-RPC error: -32003 (internal issue) or
 *                  -32001 (processing limit), the two transient errors stellar-rpc returns
 * @param latency   added before every answer, faulty or not
 * @param rate429   share of requests answered HTTP 429 with {@code Retry-After}
 * @param rate503   share of requests answered HTTP 503 with no body (stellar-rpc's global backlog)
 */
public record Faults(double errorRate, Duration latency, double rate429, double rate503) {
    public Faults {
        requireRate("errorRate", errorRate);
        requireRate("rate429", rate429);
        requireRate("rate503", rate503);
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, got " + latency);
        }
    }

    public static Faults none() {
        return new Faults(0, Duration.ZERO, 0, 0);
    }

    public Faults withErrorRate(double rate) {
        return new Faults(rate, latency, rate429, rate503);
    }

    public Faults withLatency(Duration delay) {
        return new Faults(errorRate, delay, rate429, rate503);
    }

    public Faults withRate429(double rate) {
        return new Faults(errorRate, latency, rate, rate503);
    }

    public Faults withRate503(double rate) {
        return new Faults(errorRate, latency, rate429, rate);
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
        }
    }
}
