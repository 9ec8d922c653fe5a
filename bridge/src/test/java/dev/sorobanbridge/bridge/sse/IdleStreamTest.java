package dev.sorobanbridge.bridge.sse;

import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An idle stream's thread sleeps until the deadline ticker wakes it for its next heartbeat. It once
 * polled for the last fraction of a millisecond before each one (a timed wait rounded down to whole
 * milliseconds): at 10,000 streams that was 28 % of the server's CPU, about a tenth of its core.
 */
class IdleStreamTest {
    private static final int HEARTBEATS = 10;
    /** Enough that the ticker's own read per tick (ten per heartbeat) adds little to each stream's share. */
    private static final int STREAMS = 8;
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
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int n = 1; n <= STREAMS; n++) {
                SseClient client = node.stream("/events?token=" + node.auth.token(account(n)));
                clients.add(client);
                assertEquals(200, client.status());
                nextHeartbeat(client);
            }
            long readsBefore = node.clock.reads();
            for (int i = 0; i < HEARTBEATS; i++) clients.forEach(IdleStreamTest::nextHeartbeat);
            long readsPerHeartbeat = (node.clock.reads() - readsBefore) / (HEARTBEATS * STREAMS);

            // About five per stream and heartbeat (the loop's own checks, the head's freshness) and one more for the
            // ticker's share. With a timed wait rounded down to whole milliseconds, 17 to 33 on an idle machine and
            // thousands under load.
            assertTrue(readsPerHeartbeat < 12, "clock reads per heartbeat of an idle stream: " + readsPerHeartbeat);
        } finally {
            clients.forEach(SseClient::close);
        }
    }

    private static void nextHeartbeat(SseClient client) {
        SseClient.Frame frame;
        do {
            frame = client.next();
        } while (!"heartbeat".equals(frame.event()));
    }
}
