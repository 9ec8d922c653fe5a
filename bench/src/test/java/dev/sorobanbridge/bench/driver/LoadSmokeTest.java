package dev.sorobanbridge.bench.driver;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200 streams for 20 s against the real product: the packaged {@code soroban-bridge.jar} as a child JVM,
 * fed by the simulated RPC. In a reactor build the app module is packaged before this one.
 * Asserts delivery only (no loss, no duplicates, nothing outside the filter), never timings.
 */
class LoadSmokeTest {
    private static final Path BRIDGE_JAR = Path.of(System.getProperty("soroban-bridge.jar", "../app/target/soroban-bridge.jar"));

    @Test
    void twoHundredStreamsReceiveEveryEventOnceAndNothingElse() throws Exception {
        assertTrue(Files.isRegularFile(BRIDGE_JAR), BRIDGE_JAR.toAbsolutePath()
                + " is missing: package the product first (mvn -pl bridge -am package -DskipTests)");
        BenchRun.Settings settings = BenchRun.parse(
                "--bridge-jar", BRIDGE_JAR.toString(),
                "--server-heap", "512m",
                "--ledger-interval", "1s",
                "--events-per-ledger", "6",
                "--streams", "200",
                "--ramp", "3s",
                "--duration", "20s",
                "--filters", "all:1,invoice:1,wallet:1",
                "--settle", "15s");

        Summary summary = new BenchRun(settings).run();

        System.out.print(summary.render());
        assertAll(
                () -> assertEquals(200, summary.streamsOpened(), "streams opened"),
                () -> assertEquals(0, summary.streamsFailed(), "streams failed: " + summary.failures()),
                () -> assertEquals(0, summary.streamsLost(), "streams lost: " + summary.failures()),
                () -> assertTrue(summary.expectedDeliveries() > 200, "events owed: " + summary.expectedDeliveries()),
                () -> assertEquals(0, summary.missing(), "events missing"),
                () -> assertEquals(0, summary.duplicates(), "duplicates"),
                () -> assertEquals(0, summary.outOfOrder(), "events out of order"),
                () -> assertEquals(0, summary.unexpected(), "events outside the stream's filter"),
                // The figures the performance runs report: present, so that a 10,000-stream run is not the first to find
                // them missing.
                () -> assertTrue(summary.cpuMicrosPerDelivery() != null && summary.cpuMicrosPerDelivery() > 0,
                        "CPU per delivery: " + summary.cpuMicrosPerDelivery()),
                () -> assertTrue(summary.socketsHeld() != null && summary.socketsHeld().sockets() >= 200,
                        "the server's sockets as ss sees them: " + summary.socketsHeld()));
    }
}
