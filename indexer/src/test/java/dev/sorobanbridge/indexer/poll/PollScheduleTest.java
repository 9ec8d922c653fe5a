package dev.sorobanbridge.indexer.poll;

import dev.sorobanbridge.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollScheduleTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration FALLBACK = Duration.ofSeconds(3);

    private final MutableClock clock = new MutableClock(T0);
    private final PollSchedule schedule = new PollSchedule(clock, FALLBACK);

    @Test
    void withoutCloseTimesItPollsEveryFallbackPeriod() {
        schedule.observe(T0, 100, null);
        assertEquals(T0.plus(FALLBACK), schedule.nextPollAt());
        clock.advance(FALLBACK);
        schedule.observe(clock.instant(), 101, null);
        assertEquals(clock.instant().plus(FALLBACK), schedule.nextPollAt());
    }

    @Test
    void theFirstPollAfterStartIsRightAfterTheNextLedgerIsDueByCloseTime() {
        Instant closed = T0.minusSeconds(2);
        schedule.observe(T0, 100, closed);
        assertEquals(closed.plus(PollSchedule.DEFAULT_CADENCE), schedule.nextPollAt());
    }

    @Test
    void anOverdueLedgerIsRetriedShortlyWithGrowingStepsCappedAtTheCadenceOrFallback() {
        schedule.observe(T0, 100, T0.minusSeconds(1));
        Instant due = schedule.nextPollAt();
        clock.set(due);
        List<Duration> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            schedule.observe(clock.instant(), 100, T0.minusSeconds(1));
            Instant next = schedule.nextPollAt();
            steps.add(Duration.between(clock.instant(), next));
            clock.set(next);
        }
        assertEquals(PollSchedule.FIRST_RETRY, steps.getFirst());
        for (int i = 1; i < 7; i++) {
            assertEquals(steps.get(i - 1).toMillis() * 1.5, steps.get(i).toMillis(), 1.0, "step " + i + " of " + steps);
        }
        assertEquals(List.of(FALLBACK, FALLBACK), steps.subList(steps.size() - 2, steps.size()));
    }

    @Test
    void aLedgerFoundByARetryPinsThePhaseToThatRetry() {
        schedule.observe(T0, 100, T0);
        clock.set(schedule.nextPollAt()); // due: T0 + 5 s, not there yet
        Instant miss = clock.instant();
        schedule.observe(miss, 100, T0);
        Instant retry = schedule.nextPollAt();
        assertEquals(miss.plus(PollSchedule.FIRST_RETRY), retry);
        clock.set(retry);
        schedule.observe(retry, 101, T0.plusSeconds(5)); // appeared between the miss and the retry

        Instant appeared = miss.plus(PollSchedule.FIRST_RETRY.dividedBy(2));
        assertEquals(appeared.plus(PollSchedule.DEFAULT_CADENCE), schedule.nextPollAt());
    }

    @Test
    void aLateSightingDoesNotPushThePhaseLater() {
        schedule.observe(T0, 100, T0);
        clock.set(schedule.nextPollAt());
        schedule.observe(clock.instant(), 100, T0);
        clock.set(schedule.nextPollAt());
        schedule.observe(clock.instant(), 101, T0.plusSeconds(5)); // pinned by the retry
        Instant expected102 = schedule.nextPollAt();

        // A fault kept us away: we see ledger 102 three seconds after it was due.
        Instant late = expected102.plusSeconds(3);
        clock.set(late);
        schedule.observe(late, 102, T0.plusSeconds(10));

        Instant next = schedule.nextPollAt();
        Duration early = Duration.between(next, expected102.plus(PollSchedule.DEFAULT_CADENCE));
        assertEquals(PollSchedule.FIRST_PROBE, early, "ledger 103 is expected one cadence after 102 was, a probe earlier");
    }

    @Test
    void onTimeSightingsInARowProbeEarlierByDoublingSteps() {
        pinLedger101();
        List<Duration> probes = new ArrayList<>();
        Instant due = schedule.nextPollAt();
        for (long ledger = 102; ledger <= 107; ledger++) {
            clock.set(due);
            schedule.observe(due, ledger, null); // there as soon as we look (no close time: no cap)
            Instant next = schedule.nextPollAt();
            probes.add(Duration.between(next, due.plus(PollSchedule.DEFAULT_CADENCE)));
            due = next;
        }
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                PollSchedule.MAX_PROBE, PollSchedule.MAX_PROBE), probes);
    }

    @Test
    void aLedgerFoundByARetryResetsTheProbe() {
        pinLedger101();
        for (long ledger = 102; ledger <= 104; ledger++) { // on time three times: the probe is now 400 ms
            clock.set(schedule.nextPollAt());
            schedule.observe(clock.instant(), ledger, null);
        }
        clock.set(schedule.nextPollAt());
        Instant miss = clock.instant();
        schedule.observe(miss, 104, null);
        clock.set(schedule.nextPollAt());
        schedule.observe(clock.instant(), 105, null);
        Instant due = schedule.nextPollAt();
        assertEquals(miss.plus(PollSchedule.FIRST_RETRY.dividedBy(2)).plus(PollSchedule.DEFAULT_CADENCE), due);

        clock.set(due);
        schedule.observe(due, 106, null);
        assertEquals(due.plus(PollSchedule.DEFAULT_CADENCE).minus(PollSchedule.FIRST_PROBE), schedule.nextPollAt());
    }

    @Test
    void aLedgerFoundOnTimeIsTakenToHaveAppearedWithinASecondOfItsCloseTime() {
        // Ledger 100 closed at T0 (reported in whole seconds) and was seen 300 ms later: the RPC
        // shows a ledger at most 300 ms after its reported close time plus the rounding (< 1 s).
        schedule.observe(T0.plusMillis(300), 100, T0);
        Instant due = schedule.nextPollAt();
        assertEquals(T0.plus(PollSchedule.DEFAULT_CADENCE), due);

        // The poll at T0 + 5 s finds ledger 101, which closed at T0 + 3 s: it was there by T0 + 4.3 s.
        clock.set(due);
        schedule.observe(due, 101, T0.plusSeconds(3));
        Instant appeared = T0.plusSeconds(3).plusSeconds(1).plusMillis(300).minus(PollSchedule.FIRST_PROBE);
        assertEquals(appeared.plus(PollSchedule.DEFAULT_CADENCE), schedule.nextPollAt());
    }

    @Test
    void oneCloseTimeRoundedAcrossASecondDoesNotLengthenTheCadence() {
        // The bench's case: ledger 100 closed at T0 + 0.95 s, the next ones on a 5 s grid from
        // T0 + 6.05 s. Reported: T0, T0 + 6, T0 + 11, ... which read 16 s over 3 ledgers.
        schedule.observe(T0.plusSeconds(2), 100, T0);
        for (int i = 1; i <= 6; i++) {
            Instant closed = T0.plusMillis(1_050 + 5_000L * i);
            schedule.observe(closed.plusMillis(100), 100 + i, closed.truncatedTo(ChronoUnit.SECONDS));
        }
        assertEquals(PollSchedule.DEFAULT_CADENCE, schedule.cadence());
    }

    @Test
    void aJumpOfSeveralLedgersRestartsThePhaseFromTheCloseTime() {
        schedule.observe(T0, 100, T0);
        Instant closed = T0.plusSeconds(60);
        clock.set(closed.plusSeconds(2));
        schedule.observe(clock.instant(), 112, closed);
        assertEquals(closed.plus(PollSchedule.DEFAULT_CADENCE), schedule.nextPollAt());
    }

    @Test
    void theCadenceIsLearntFromReportedCloseTimes() {
        for (int i = 0; i <= 10; i++) {
            Instant closed = T0.plusSeconds(6L * i);
            schedule.observe(closed.plusMillis(400), 100 + i, closed);
        }
        assertEquals(Duration.ofSeconds(6), schedule.cadence());
    }

    @Test
    void aFewLedgersAreNotEnoughToReplaceTheDefaultCadence() {
        schedule.observe(T0, 100, T0);
        schedule.observe(T0.plusSeconds(7), 101, T0.plusSeconds(7));
        assertEquals(PollSchedule.DEFAULT_CADENCE, schedule.cadence());
    }

    /** Ledger 100 seen at T0, 101 missed at the due time and found by the first retry. */
    private void pinLedger101() {
        schedule.observe(T0, 100, T0);
        clock.set(schedule.nextPollAt());
        schedule.observe(clock.instant(), 100, T0);
        clock.set(schedule.nextPollAt());
        schedule.observe(clock.instant(), 101, T0.plusSeconds(5));
    }

    /**
     * A live chain on the fake clock: ledgers close every {@code cadenceMs} with random jitter,
     * become visible at the RPC {@code visibleAfterMs} later, and are reported with whole-second
     * close times. Over ten simulated minutes the schedule must see each ledger well within a
     * second of its appearance while making at most two calls per ledger (24 a minute at 5 s).
     */
    @ParameterizedTest(name = "cadence {0} ms, jitter ±{1} ms, visible after {2} ms")
    @CsvSource({"5000, 0, 300", "5000, 400, 300", "5000, 400, 1200", "6000, 500, 700", "5500, 250, 100", "1000, 50, 100"})
    void followsALiveChainWithOneOrTwoCallsPerLedger(long cadenceMs, long jitterMs, long visibleAfterMs) {
        long[] closedAt = chain(600_000, cadenceMs, 0, jitterMs);
        ChainRun run = follow(closedAt, visibleAfterMs, 2_500); // start between ledgers

        String summary = run.summary(10);
        System.out.println("poll schedule simulation: cadence " + cadenceMs + " ms: " + summary);
        assertTrue(run.callsPerLedger() <= 2.0, summary);
        assertTrue(run.p95From(10) < 1000, summary);
        assertTrue(run.meanFrom(10) <= 400, summary);
    }

    /**
     * Right after start-up, as in the bench's 2-minute freshness run: the schedule knows nothing
     * but one ledger and its whole-second close time. From the fourth ledger on, it must see each
     * ledger soon after it appears with at most two calls per ledger, and the retries that pin the
     * phase at first must not take the whole run over 2.5 calls per ledger (30 a minute at 5 s).
     * As in the RPC simulator, the ledgers closed before the start may be {@code historyEarlyMs}
     * out of step with the later ones (it closes its history, starts its server, then its ledger
     * clock), and close times may land just before a whole second ({@code offsetMs} 990 with a
     * few ms of scheduling noise): both make the first whole-second spacings read 6 s on a 5 s
     * chain, and a cadence taken from a few of them at face value is too long by up to a third of a
     * second, so that each poll drifts later than the last.
     */
    @ParameterizedTest(name = "cadence {0} ms, closes at +{1} ms ±{2} ms, visible after {3} ms, started at {4} ms, "
            + "history {5} ms early")
    @CsvSource({
            "5000, 730, 0, 0, 2500, 0",
            "5000, 1050, 0, 0, 2500, 100",
            "5000, 1300, 5, 5, 3000, 700",
            "5000, 1900, 5, 5, 4000, 950",
            "5000, 990, 15, 0, 4900, 0",
            "5000, 990, 15, 0, 1000, 0",
            "5000, 10, 15, 0, 3000, 0",
            "5000, 500, 15, 5, 4990, 0",
            "5000, 400, 400, 300, 2500, 0",
            "5000, 200, 400, 1200, 100, 600",
            "6000, 300, 500, 700, 3000, 0",
            "5500, 0, 250, 100, 5000, 0"})
    void convergesWithinAFewLedgersAfterStartUp(long cadenceMs, long offsetMs, long jitterMs, long visibleAfterMs,
                                                 long startMs, long historyEarlyMs) {
        long[] closedAt = chain(120_000, cadenceMs, offsetMs, jitterMs);
        for (int k = 0; closedAt[k] < startMs; k++) {
            closedAt[k] -= historyEarlyMs;
        }
        ChainRun run = follow(closedAt, visibleAfterMs, startMs);

        String summary = run.summary(3);
        System.out.println("poll schedule start-up: cadence " + cadenceMs + " ms, start " + startMs + " ms: " + summary);
        assertTrue(run.callsPerLedgerFrom(3) <= 2.0, summary);
        assertTrue(run.callsPerLedger() <= 2.5, "at most 30 calls a minute at 5 s, start-up included: " + summary);
        assertTrue(run.p95From(3) <= 1000, summary);
        assertTrue(run.meanFrom(3) <= 500, summary);
    }

    /** Close times in ms after T0: one every {@code cadenceMs} from {@code offsetMs}, each moved by up to ±jitter. */
    private static long[] chain(long lengthMs, long cadenceMs, long offsetMs, long jitterMs) {
        Random random = new Random(42);
        int ledgers = (int) (lengthMs / cadenceMs);
        long[] closedAt = new long[ledgers];
        for (int k = 0; k < ledgers; k++) {
            closedAt[k] = offsetMs + k * cadenceMs + (jitterMs == 0 ? 0 : random.nextLong(-jitterMs, jitterMs + 1));
        }
        return closedAt;
    }

    /**
     * Polls the chain as the indexer does, from {@code startMs} until its last ledger closes: each
     * poll sees the ledgers visible by then and reports the latest with its close time in whole
     * seconds; the schedule is asked for the next poll 40 ms later (the call and the store).
     */
    private ChainRun follow(long[] closedAt, long visibleAfterMs, long startMs) {
        long rttMs = 40;
        long now = startMs;
        int calls = 0;
        int seen = -1;
        int firstSeen = -1;
        List<Long> delays = new ArrayList<>();
        List<Integer> callsBySighting = new ArrayList<>();
        while (now < closedAt[closedAt.length - 1]) {
            calls++;
            int head = seen;
            while (head + 1 < closedAt.length && closedAt[head + 1] + visibleAfterMs <= now) {
                head++;
            }
            if (head >= 0) {
                if (seen >= 0) {
                    for (int k = seen + 1; k <= head; k++) {
                        delays.add(now - (closedAt[k] + visibleAfterMs));
                        callsBySighting.add(calls);
                    }
                } else {
                    firstSeen = head;
                }
                seen = head;
                long reportedClose = Math.floorDiv(closedAt[head], 1000) * 1000; // unix seconds
                schedule.observe(T0.plusMillis(now), 1000 + head, T0.plusMillis(reportedClose));
            }
            clock.set(T0.plusMillis(now + rttMs));
            long next = Duration.between(T0, schedule.nextPollAt()).toMillis();
            assertTrue(next > now, "the next poll is in the future");
            now = next;
        }
        return new ChainRun(calls, delays, callsBySighting);
    }

    /**
     * @param delays          for each ledger after the first one seen, in order, how long after its
     *                        appearance a poll saw it (ms)
     * @param callsBySighting for each of them, the calls made up to the poll that saw it
     */
    private record ChainRun(int calls, List<Long> delays, List<Integer> callsBySighting) {
        double callsPerLedger() {
            return (double) calls / delays.size();
        }

        /** Calls per ledger after the first {@code skipped} ledgers were seen. */
        double callsPerLedgerFrom(int skipped) {
            return (double) (calls - callsBySighting.get(skipped - 1)) / (delays.size() - skipped);
        }

        double meanFrom(int skipped) {
            return delays.subList(skipped, delays.size()).stream().mapToLong(Long::longValue).average().orElseThrow();
        }

        long p95From(int skipped) {
            List<Long> sorted = delays.subList(skipped, delays.size()).stream().sorted().toList();
            return sorted.get((int) (sorted.size() * 0.95));
        }

        String summary(int skipped) {
            return "calls/ledger %.2f (%.2f from ledger %d on), delay from there: mean %.0f ms, p95 %d ms, max %d ms; first delays %s"
                    .formatted(callsPerLedger(), callsPerLedgerFrom(skipped), skipped + 1, meanFrom(skipped), p95From(skipped),
                            delays.subList(skipped, delays.size()).stream().mapToLong(Long::longValue).max().orElseThrow(),
                            delays.subList(0, Math.min(6, delays.size())));
        }
    }
}
