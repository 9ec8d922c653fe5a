package dev.sorobanbridge.indexer.poll;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
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
        clock.set(schedule.nextPollAt()); // due: T0 + 5.15 s, not there yet
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
        schedule.observe(clock.instant(), 101, T0.plusSeconds(5)); // pinned: ledger 101 appeared ~T0 + 5.3 s
        Instant expected102 = schedule.nextPollAt();

        // A fault kept us away: we see ledger 102 three seconds after it was due.
        Instant late = expected102.plusSeconds(3);
        clock.set(late);
        schedule.observe(late, 102, T0.plusSeconds(10));

        Instant next = schedule.nextPollAt();
        Duration early = Duration.between(next, expected102.plus(PollSchedule.DEFAULT_CADENCE));
        assertEquals(PollSchedule.PROBE, early, "ledger 103 is expected one cadence after 102 was, a probe earlier");
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

    /**
     * A live chain on the fake clock: ledgers close every {@code cadenceMs} with random jitter,
     * become visible at the RPC {@code visibleAfterMs} later, and are reported with whole-second
     * close times. Over ten simulated minutes the schedule must see each ledger well within a
     * second of its appearance while making at most two calls per ledger (24 a minute at 5 s).
     */
    @ParameterizedTest(name = "cadence {0} ms, jitter ±{1} ms, visible after {2} ms")
    @CsvSource({"5000, 0, 300", "5000, 400, 300", "5000, 400, 1200", "6000, 500, 700", "5500, 250, 100", "1000, 50, 100"})
    void followsALiveChainWithOneOrTwoCallsPerLedger(long cadenceMs, long jitterMs, long visibleAfterMs) {
        Random random = new Random(42);
        int ledgers = (int) (600_000 / cadenceMs);
        long[] closedAt = new long[ledgers];
        for (int k = 0; k < ledgers; k++) {
            closedAt[k] = k * cadenceMs + (jitterMs == 0 ? 0 : random.nextLong(-jitterMs, jitterMs + 1));
        }
        long rttMs = 40;
        long now = 2_500; // start between ledgers
        int calls = 0;
        int seen = -1;
        List<Long> latencies = new ArrayList<>();
        while (now < closedAt[ledgers - 1]) {
            calls++;
            int head = seen;
            while (head + 1 < ledgers && closedAt[head + 1] + visibleAfterMs <= now) {
                head++;
            }
            if (head > seen && seen >= 0) {
                for (int k = seen + 1; k <= head; k++) {
                    latencies.add(now - (closedAt[k] + visibleAfterMs));
                }
            }
            seen = head;
            long reportedClose = Math.floorDiv(closedAt[head], 1000) * 1000; // unix seconds
            schedule.observe(T0.plusMillis(now), 1000 + head, T0.plusMillis(reportedClose));
            clock.set(T0.plusMillis(now + rttMs));
            long next = Duration.between(T0, schedule.nextPollAt()).toMillis();
            assertTrue(next > now, "the next poll is in the future");
            now = next;
        }

        List<Long> steady = latencies.subList(10, latencies.size()).stream().sorted().toList();
        double callsPerLedger = (double) calls / ledgers;
        long p95 = steady.get((int) (steady.size() * 0.95));
        double mean = steady.stream().mapToLong(Long::longValue).average().orElseThrow();
        String summary = "calls/ledger %.2f, latency mean %.0f ms, p95 %d ms, max %d ms"
                .formatted(callsPerLedger, mean, p95, steady.getLast());
        System.out.println("poll schedule simulation: cadence " + cadenceMs + " ms: " + summary);
        assertTrue(callsPerLedger <= 2.0, summary);
        assertTrue(p95 < 1000, summary);
        assertTrue(mean <= 400, summary);
    }
}
