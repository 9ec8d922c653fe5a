package dev.sorobanbridge.bridge.sse;

import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An idle stream's thread sleeps until its next heartbeat. It once polled for the last fraction of a
 * millisecond before each one (the wait was rounded down to whole milliseconds): at 10,000 streams a
 * third of a core went into reading the clock.
 */
class IdleStreamTest {
    private static final int HEARTBEATS = 10;
    @TempDir
    Path dir;
    private BridgeHarness node;

    @BeforeEach
    void start() {
        node = BridgeHarness.start(dir, Map.of("stream.heartbeat", "100ms"));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void waitsForTheHeartbeatWithoutPollingTheClock() throws Exception {
        try (SseClient client = node.stream("/events?token=" + node.auth.token(account(1)))) {
            assertEquals(200, client.status());
            nextHeartbeat(client);
            long readsBefore = node.clock.reads();
            for (int i = 0; i < HEARTBEATS; i++) nextHeartbeat(client);
            long readsPerHeartbeat = (node.clock.reads() - readsBefore) / HEARTBEATS;

            // About five per heartbeat: the loop's own checks, the head's freshness. With the wait rounded down to
            // whole milliseconds, 17 to 33 on an idle machine and thousands under load.
            assertTrue(readsPerHeartbeat < 12, "clock reads per heartbeat of one idle stream: " + readsPerHeartbeat);
        }
    }

    private static void nextHeartbeat(SseClient client) {
        SseClient.Frame frame;
        do {
            frame = client.next();
        } while (!"heartbeat".equals(frame.event()));
    }
}
