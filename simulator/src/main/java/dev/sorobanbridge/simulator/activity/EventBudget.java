package dev.sorobanbridge.simulator.activity;

import java.util.SplittableRandom;

/**
 * How many events the next ledger should carry: Poisson around the mean, with an occasional
 * burst ledger (several times the mean, which exercises paging). A transaction emits several
 * events at once, so the overshoot of one ledger is carried into the next: the long-run average
 * is exactly the configured mean.
 */
final class EventBudget {
    private static final double BURST_CHANCE = 0.02;
    private static final double BURST_FACTOR = 5;

    private final double baseMean;
    private final SplittableRandom random;
    private double balance;

    EventBudget(double eventsPerLedger, SplittableRandom random) {
        // scaled so that bursts included, the average is eventsPerLedger
        this.baseMean = eventsPerLedger / (1 - BURST_CHANCE + BURST_CHANCE * BURST_FACTOR);
        this.random = random;
    }

    /** Opens a ledger: returns the events it may still take, possibly zero or less. */
    double openLedger() {
        double mean = random.nextDouble() < BURST_CHANCE ? baseMean * BURST_FACTOR : baseMean;
        balance += poisson(mean);
        return balance;
    }

    /** Books a transaction's events; returns what is left for this ledger. */
    double spend(int events) {
        balance -= events;
        return balance;
    }

    private long poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            // the normal approximation is good here, and Knuth's method would underflow for large means
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
