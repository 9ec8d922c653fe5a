package dev.sorobanbridge.bridge.fanout;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Map;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.bulky;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that stops reading is disconnected; the others keep receiving every event meanwhile. */
class SlowConsumerTest {
    private static final String WALLET = account(1);
    private static final int PAYLOAD = 16 * 1024;
    private static final int PER_BATCH = 8;
    /** Twice a batch: the reading client, which takes each batch before the next is appended, never fills it. */
    private static final int QUEUE_CAPACITY = 2 * PER_BATCH;

    @TempDir
    Path dir;

    @Test
    void aClientThatStopsReadingIsDisconnectedWithoutDelayingTheOthers() throws Exception {
        try (BridgeHarness node = BridgeHarness.start(dir,
                Map.of("stream.queue-capacity", String.valueOf(QUEUE_CAPACITY)));
             Socket stalled = new Socket();
             SseClient fast = node.stream("/events?token=" + node.auth.token(WALLET))) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", node.server.port()));
            OutputStream request = stalled.getOutputStream();
            request.write(("GET /events?token=" + node.auth.token(WALLET) + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            awaitStreams(node, 2);

            int batch = 0;
            while (slowDisconnects(node) == 0) {
                assertTrue(batch < 400, "the stalled client was never disconnected");
                List<ActivityEvent> events = new ArrayList<>();
                for (int i = 0; i < PER_BATCH; i++) events.add(bulky(1000 + batch, i, WALLET, PAYLOAD));
                node.append(events);
                // The reading client gets every batch while the stalled one fills its buffers.
                assertEquals(events.stream().map(ActivityEvent::id).toList(), fast.messageIds(PER_BATCH));
                batch++;
            }
            assertEquals(1.0, slowDisconnects(node));
            assertTrue(socketClosedByServer(stalled), "the server closed the stalled connection");

            ActivityEvent after = bulky(5000, 0, WALLET, 10);
            node.append(after);
            assertEquals(List.of(after.id()), fast.messageIds(1), "the fast client is unaffected");
            awaitStreams(node, 1);
        }
    }

    private static double slowDisconnects(BridgeHarness node) {
        return node.metrics.registry().get("sse.slow.consumer.disconnects").counter().count();
    }

    private static void awaitStreams(BridgeHarness node, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (openStreams(node) != count) {
            assertTrue(System.nanoTime() < deadline, "expected " + count + " open streams, have " + openStreams(node));
            Thread.sleep(20);
        }
    }

    private static double openStreams(BridgeHarness node) {
        return node.metrics.registry().find("sse.connections").gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    /** Reads what was buffered; true when the connection then ends (EOF or reset) rather than stalling. */
    private static boolean socketClosedByServer(Socket socket) throws Exception {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }
}
