package dev.sorobanbridge.bench.driver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BenchRunSettingsTest {

    @Test
    void pinsTheProductOnlyWhenAskedAndOnlyToACpuList() {
        assertNull(BenchRun.parse("--streams", "10").serverCpus(), "unpinned unless asked");
        assertEquals("1", BenchRun.parse("--server-cpus", "1").serverCpus());
        assertEquals("2-3,5", BenchRun.parse("--server-cpus", "2-3,5").serverCpus());
        var e = assertThrows(IllegalArgumentException.class, () -> BenchRun.parse("--server-cpus", "1; rm -rf /"));
        assertEquals("--server-cpus takes a taskset CPU list such as 1 or 0-1, got 1; rm -rf /", e.getMessage());
    }
}
