package dev.sorobanbridge.simulator.rpc;

import dev.sorobanbridge.simulator.Faults;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Decides, per request, which configured fault strikes. The faults can change at any time. */
public final class FaultInjector {
    private volatile Faults faults;

    public FaultInjector(Faults faults) {
        this.faults = faults;
    }

    public void set(Faults next) {
        faults = next;
    }

    Duration latency() {
        return faults.latency();
    }

    boolean serviceUnavailable() {
        return strikes(faults.rate503());
    }

    boolean tooManyRequests() {
        return strikes(faults.rate429());
    }

    /**
     * @throws RpcException -32003 or -32001, the transient errors stellar-rpc answers under load,
     *                      at the configured error rate
     */
    void maybeFailCall() {
        if (!strikes(faults.errorRate())) {
            return;
        }
        if (ThreadLocalRandom.current().nextBoolean()) {
            throw new RpcException(RpcException.INTERNAL_ISSUE, "request failed to process due to internal issue");
        }
        throw new RpcException(RpcException.PROCESSING_LIMIT, "request exceeded processing limit threshold");
    }

    private static boolean strikes(double rate) {
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }
}
