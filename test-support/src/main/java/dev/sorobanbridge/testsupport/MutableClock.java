package dev.sorobanbridge.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that only moves when a test moves it; safe to read from the threads the code under test starts. */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    /** Starts at the real time, so libraries with their own time checks (the SDK's SEP-10) agree. */
    public MutableClock() {
        this(Instant.now());
    }

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use the clock in UTC");
    }
}
