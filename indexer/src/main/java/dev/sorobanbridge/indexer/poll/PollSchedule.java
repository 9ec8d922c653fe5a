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
 * <p>The cadence (about 5 s on Stellar) is the slope of the close times the RPC reports over the
 * last ledgers seen. The phase is learnt from our own polls, because reported close times have
 * whole-second resolution: each ledger is expected one cadence after the previous one appeared;
 * a poll that finds it on time moves the expectation slightly earlier (we may have been late
 * without knowing), and a poll that finds nothing is followed by short, growing retries, whose
 * hit pins the appearance time down to the retry step. After a jump of several ledgers (start-up,
 * catch-up, an RPC pause) the phase restarts from the reported close time. Until the RPC has
 * reported any close time, the cadence is unknown and polls use the fallback period.
 *
 * <p>Not thread-safe: the indexer's polling thread is its only user.
 */
public final class PollSchedule {
    static final Duration DEFAULT_CADENCE = Duration.ofSeconds(5);
    /*
     * Tuned with PollScheduleTest's simulated chains (jittered 1-6 s ledgers, whole-second close
     * times): about 1.2-1.5 calls per ledger, a ledger seen on average 0.1-0.35 s after it appears.
     */
    /** How much earlier the expectation moves after each on-time hit. */
    static final Duration PROBE = Duration.ofMillis(50);
    static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final double RETRY_GROWTH = 1.5;
    private static final Duration MIN_CADENCE = Duration.ofMillis(500);
    private static final Duration MAX_CADENCE = Duration.ofSeconds(60);
    /** Ledgers the cadence is measured over: a longer span shrinks the close times' rounding error. */
    private static final int CADENCE_WINDOW = 64;
    private static final int MIN_CADENCE_SPAN = 3;

    private final Clock clock;
    private final Duration fallbackPeriod;
    private final Deque<LedgerClose> recentCloses = new ArrayDeque<>();

    private Duration cadence = DEFAULT_CADENCE;
    private boolean closeTimesReported;
    private long latestLedger = -1;
    private Instant lastPolledAt;
    /** Our estimate of the local time at which {@code latestLedger} became visible at the RPC. */
    private Instant latestAppearedAt;
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
        learnCadence(ledger, closeTime);
        if (latestLedger >= 0 && ledger == latestLedger + 1 && previousPoll != null) {
            latestAppearedAt = appearedBetween(previousPoll, sentAt, latestAppearedAt.plus(cadence));
        } else {
            // The phase is unknown: start from the reported close time (it may be a little early,
            // then the retries find the next ledger and pin the phase down).
            latestAppearedAt = closeTime != null ? latestOf(previousPoll, earliestOf(closeTime, sentAt)) : sentAt;
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
     * The ledger appeared after the previous poll (which did not see it) and by {@code seenAt}.
     * If we were already retrying, it appeared between the last miss and this poll. Otherwise we
     * do not know how late this sighting was, so keep the expectation (a late poll must not push
     * the phase later) and move it a little earlier to find out whether we could poll sooner.
     */
    private static Instant appearedBetween(Instant previousPoll, Instant seenAt, Instant expected) {
        if (!expected.isAfter(previousPoll)) {
            return previousPoll.plus(Duration.between(previousPoll, seenAt).dividedBy(2));
        }
        return latestOf(previousPoll, earliestOf(expected, seenAt).minus(PROBE));
    }

    private void learnCadence(long ledger, Instant closeTime) {
        if (closeTime == null) {
            return;
        }
        recentCloses.addLast(new LedgerClose(ledger, closeTime));
        while (recentCloses.size() > CADENCE_WINDOW) {
            recentCloses.removeFirst();
        }
        LedgerClose first = recentCloses.getFirst();
        long span = ledger - first.ledger();
        if (span < MIN_CADENCE_SPAN) {
            return;
        }
        Duration measured = Duration.between(first.closeTime(), closeTime).dividedBy(span);
        if (measured.compareTo(MIN_CADENCE) >= 0 && measured.compareTo(MAX_CADENCE) <= 0) {
            cadence = measured;
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

    private record LedgerClose(long ledger, Instant closeTime) {}
}
