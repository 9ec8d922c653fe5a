package dev.sorobanbridge.bridge.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.LongAdder;

/**
 * The system clock, counting how often the server reads it: a loop that polls the time instead of
 * sleeping shows up as thousands of reads.
 */
public final class CountingClock extends Clock {
    private final Clock system = Clock.systemUTC();
    private final LongAdder reads = new LongAdder();

    public long reads() {
        return reads.sum();
    }

    @Override
    public Instant instant() {
        reads.increment();
        return system.instant();
    }

    @Override
    public long millis() {
        reads.increment();
        return system.millis();
    }

    @Override
    public ZoneId getZone() {
        return system.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the server works in UTC");
    }
}
