package dev.sorobanbridge.indexer.poll;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    @Test
    void waitsAreFullyJitteredUnderADoublingCeilingCappedAtTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(7));
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        long spread = 0;
        for (long ceiling : ceilings) {
            long wait = backoff.next().toMillis();
            assertTrue(wait >= 0 && wait <= ceiling, wait + " within [0, " + ceiling + "]");
            spread += wait;
        }
        assertEquals(ceilings.length, backoff.failures());
        assertTrue(spread > 0, "jittered, not always zero");
    }

    @Test
    void resetStartsOverAndHundredsOfFailuresStayCapped() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(7));
        for (int i = 0; i < 200; i++) {
            assertTrue(backoff.next().compareTo(Duration.ofSeconds(30)) <= 0);
        }
        backoff.reset();
        assertEquals(0, backoff.failures());
        assertTrue(backoff.next().toMillis() <= 500);
    }
}
