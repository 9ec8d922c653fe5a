package dev.sorobanbridge.indexer.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When the next getEvents call goes out, so that a new ledger is seen right after the RPC has it,
 * with one or two calls per ledger instead of a blind timer.
 *
 * <p>Each ledger is expected one cadence (about 5 s on Stellar) after the previous one appeared at
 * the RPC, so the schedule learns two things:
 * <ul>
 *   <li><b>The cadence</b>, from the close times the RPC reports. They are whole seconds, so over n
 *       ledgers they give the mean spacing only to within 1 s / n: the schedule keeps its current
 *       cadence (at first Stellar's 5 s) as long as the close times allow it, and otherwise moves it
 *       just inside what they allow, or to the measured spacing if it is far outside. Taken at face
 *       value, a few rounded close times can make the cadence a third of a second too long, and
 *       every poll later than the last.
 *   <li><b>The phase</b>: when the latest ledger appeared, learnt from our own polls. A poll that
 *       finds nothing is followed by short, growing retries, and the one that finds the ledger pins
 *       its appearance down to the retry step. A poll that finds the ledger at once does not tell
 *       how long it had been there: the expectation then moves earlier by a probe step that doubles
 *       with each such sighting in a row, so a phase seconds late is found within a few ledgers
 *       (the first miss pins it again and resets the step). The close times cap the phase too (see
 *       {@link #latestPossibleAppearance}).
 * </ul>
 * After a jump of several ledgers (start-up, catch-up, an RPC pause) the phase restarts from the
 * reported close time, the earliest the ledger can have appeared; the retries then pin it. Until
 * the RPC has reported any close time, polls use the fallback period.
 *
 * <p>Not thread-safe: the indexer's polling thread is its only user.
 */
public final class PollSchedule {
    static final Duration DEFAULT_CADENCE = Duration.ofSeconds(5);
    /*
     * Tuned with PollScheduleTest's simulated chains (steady and jittered 1-6 s ledgers, whole-second
     * close times, start-up at any point of a ledger): 1.3-1.8 calls per ledger, a ledger seen on
     * average 0.1-0.4 s after it appears, from the fourth ledger after start-up on. A 50 ms first
     * probe and 250 ms retries cost fewer calls on jittered chains than 100 ms and 200 ms, for
     * about the same delay.
     */
    /** The first step by which an on-time sighting moves the expectation earlier. */
    static final Duration FIRST_PROBE = Duration.ofMillis(50);
    /** Caps the doubling probe: a miss after a larger step would cost several retries. */
    static final Duration MAX_PROBE = Duration.ofMillis(800);
    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final double RETRY_GROWTH = 1.5;
    private static final Duration MIN_CADENCE = Duration.ofMillis(500);
    private static final Duration MAX_CADENCE = Duration.ofSeconds(60);
    /** Close times are reported in whole seconds, rounded down. */
    private static final Duration CLOSE_TIME_RESOLUTION = Duration.ofSeconds(1);
    /** Ledgers the close times are kept for: a longer span shrinks their rounding error. */
    private static final int WINDOW = 64;
    /** Below this span one slow ledger would swing the measured cadence by seconds. */
    private static final int MIN_CADENCE_SPAN = 3;

    private final Clock clock;
    private final Duration fallbackPeriod;
    private final Deque<Sighting> recentSightings = new ArrayDeque<>();

    private Duration cadence = DEFAULT_CADENCE;
    private boolean closeTimesReported;
    private long latestLedger = -1;
    private Instant lastPolledAt;
    /** Our estimate of the local time at which {@code latestLedger} became visible at the RPC. */
    private Instant latestAppearedAt;
    /** How much earlier than the bound an on-time sighting puts the appearance. */
    private Duration probe = FIRST_PROBE;
    /** The current retry step while the next ledger is overdue; null while it is not. */
    private Duration retry;

    /**
     * @param fallbackPeriod the poll period while the cadence is unknown, and the longest retry step
     */
    public PollSchedule(Clock clock, Duration fallbackPeriod) {
        if (fallbackPeriod.isNegative() || fallbackPeriod.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive: " + fallbackPeriod);
        }
        this.clock = clock;
        this.fallbackPeriod = fallbackPeriod;
    }

    /**
     * Records what one getEvents call learnt about the chain head.
     *
     * @param sentAt    when the request was sent
     * @param closeTime the latest ledger's close time as reported by the RPC, or null
     */
    public void observe(Instant sentAt, long ledger, Instant closeTime) {
        Instant previousPoll = lastPolledAt;
        lastPolledAt = sentAt;
        if (closeTime != null) {
            closeTimesReported = true;
        }
        if (ledger <= latestLedger) {
            return;
        }
        if (latestLedger >= 0 && ledger == latestLedger + 1 && previousPoll != null) {
            latestAppearedAt = appearedBetween(previousPoll, sentAt, closeTime);
        } else {
            // The phase is unknown: start from the reported close time, the earliest the ledger can
            // have appeared (the retries then find the next ledger and pin the phase down).
            latestAppearedAt = closeTime != null ? latestOf(previousPoll, earliestOf(closeTime, sentAt)) : sentAt;
            probe = FIRST_PROBE;
        }
        if (closeTime != null) {
            remember(new Sighting(ledger, closeTime, sentAt));
        }
        latestLedger = ledger;
        retry = null;
    }

    /**
     * When to poll next; call once after each poll that reached the latest ledger. While the next
     * ledger is overdue, each call lengthens the retry step.
     */
    public Instant nextPollAt() {
        Instant now = clock.instant();
        if (!closeTimesReported || latestAppearedAt == null) {
            return now.plus(fallbackPeriod);
        }
        Instant due = latestAppearedAt.plus(cadence);
        if (due.isAfter(now)) {
            return due;
        }
        Duration longest = cadence.compareTo(fallbackPeriod) < 0 ? cadence : fallbackPeriod;
        retry = retry == null ? FIRST_RETRY : scale(retry, RETRY_GROWTH);
        if (retry.compareTo(longest) > 0) {
            retry = longest;
        }
        return now.plus(retry);
    }

    /** The ledger cadence currently assumed. */
    public Duration cadence() {
        return cadence;
    }

    /**
     * Estimates when the ledger after {@code latestLedger} appeared: after the previous poll, which
     * did not see it, and by {@code seenAt}.
     */
    private Instant appearedBetween(Instant previousPoll, Instant seenAt, Instant closeTime) {
        Instant expected = latestAppearedAt.plus(cadence);
        if (!expected.isAfter(previousPoll)) {
            // Found by a retry: it appeared between the last miss and this poll.
            probe = FIRST_PROBE;
            return previousPoll.plus(Duration.between(previousPoll, seenAt).dividedBy(2));
        }
        // Found at once: it may have been there for seconds. A poll held up (by a fault, a slow
        // store) must not push the phase later, so the sighting counts as no later than expected.
        Instant bound = earliestOf(expected, seenAt);
        if (closeTime != null && !recentSightings.isEmpty()) {
            bound = earliestOf(bound, latestPossibleAppearance(closeTime));
        }
        Instant estimate = latestOf(previousPoll, bound.minus(probe));
        // Probe further each time in a row: if this estimate is still late, the next sighting will
        // be on time again and move it twice as far, until a poll misses and a retry pins it.
        probe = probe.multipliedBy(2).compareTo(MAX_PROBE) < 0 ? probe.multipliedBy(2) : MAX_PROBE;
        return estimate;
    }

    /**
     * The latest a ledger with this reported close time can have appeared. It appears some ingest
     * delay after it closes and closed less than a second after its rounded-down close time; that
     * delay is at most how soon after its reported close time any recent ledger was first seen.
     * Both are differences of our clock and the network's, so an offset between them cancels out.
     */
    private Instant latestPossibleAppearance(Instant closeTime) {
        Duration soonestSeen = recentSightings.stream()
                .map(s -> Duration.between(s.closeTime(), s.seenAt()))
                .min(Duration::compareTo)
                .orElseThrow();
        return closeTime.plus(CLOSE_TIME_RESOLUTION).plus(soonestSeen);
    }

    /** Keeps the sighting and revises the cadence if the close times now rule the current one out. */
    private void remember(Sighting sighting) {
        recentSightings.addLast(sighting);
        while (recentSightings.size() > WINDOW) {
            recentSightings.removeFirst();
        }
        Sighting first = recentSightings.getFirst();
        long span = sighting.ledger() - first.ledger();
        if (span < MIN_CADENCE_SPAN) {
            return;
        }
        // Both close times are rounded down by less than a second: the true spacing lies within
        // one second / span of the measured one.
        Duration measured = Duration.between(first.closeTime(), sighting.closeTime()).dividedBy(span);
        Duration tolerance = CLOSE_TIME_RESOLUTION.dividedBy(span);
        Duration off = measured.minus(cadence);
        if (off.abs().compareTo(tolerance) < 0 || measured.compareTo(MIN_CADENCE) < 0
                || measured.compareTo(MAX_CADENCE) > 0) {
            return;
        }
        if (off.abs().compareTo(tolerance.multipliedBy(2)) >= 0) {
            // Plainly wrong (the default 5 s on a 6 s network): take the measurement.
            cadence = measured;
        } else {
            // Just outside: most likely one close time was rounded across a second (a 6 s spacing
            // read on a 5 s chain), and the measurement is then that far off: move only just inside.
            cadence = off.isNegative() ? measured.plus(tolerance) : measured.minus(tolerance);
        }
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }

    private static Instant earliestOf(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant latestOf(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /** A ledger's reported close time and when a poll first saw it as the latest. */
    private record Sighting(long ledger, Instant closeTime, Instant seenAt) {}
}
