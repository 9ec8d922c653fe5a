package dev.sorobanbridge.bench.driver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written HTTP/1.1 SSE reader against a real socket that answers byte for byte what a test wants. */
class SseConnectionTest {
    private final ServerSocket server;
    private final CompletableFuture<String> request = new CompletableFuture<>();

    SseConnectionTest() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void readsFramesSplitAcrossChunksAtAnyByte() throws Exception {
        String body = "retry: 2000\n\nevent: connected\ndata: {\"lastEventId\":null}\n\n: ping\n\n"
                + "id: 0000000000000000001-0000000001\ndata: {\"id\":\"0000000000000000001-0000000001\"}\n\n"
                + "id:2\ndata:a\ndata:b\n\n";
        answer("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunked(body, 7));

        try (SseConnection c = SseConnection.open(base(), "/events?ticket=t", "0000000000000000001-0000000000", 0)) {
            assertEquals(200, c.status());
            List<SseConnection.Frame> frames = new ArrayList<>();
            SseConnection.Frame f;
            while ((f = c.next()) != null) frames.add(f);

            assertEquals(List.of(
                    new SseConnection.Frame(null, null, null),
                    new SseConnection.Frame("connected", null, "{\"lastEventId\":null}"),
                    new SseConnection.Frame(null, null, null),
                    new SseConnection.Frame(null, "0000000000000000001-0000000001",
                            "{\"id\":\"0000000000000000001-0000000001\"}"),
                    new SseConnection.Frame(null, "2", "a\nb")), frames);
        }
        String sent = request.get(5, TimeUnit.SECONDS);
        assertTrue(sent.startsWith("GET /events?ticket=t HTTP/1.1\r\n"), sent);
        assertTrue(sent.contains("\r\nLast-Event-ID: 0000000000000000001-0000000000\r\n"), sent);
    }

    @Test
    void anErrorAnswerKeepsItsStatusAndBody() throws Exception {
        String json = "{\"error\":\"rate_limited\",\"message\":\"Too many connections.\"}";
        answer("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
                + "\r\n\r\n" + json);

        try (SseConnection c = SseConnection.open(base(), "/events", null, 0)) {
            assertEquals(429, c.status());
            assertEquals(json, c.errorBody());
        }
    }

    @Test
    void somethingThatIsNotHttpIsRefusedClearly() throws Exception {
        answer("SSH-2.0-OpenSSH\r\n\r\n");

        IOException e = assertThrows(IOException.class, () -> SseConnection.open(base(), "/events", null, 0));
        assertEquals("not an HTTP response: SSH-2.0-OpenSSH", e.getMessage());
    }

    @Test
    void aStreamCutMidFrameEndsWithoutAFrame() throws Exception {
        answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked("id: 1\ndata: {", 100).replace("0\r\n\r\n", ""));

        try (SseConnection c = SseConnection.open(base(), "/events", null, 0)) {
            assertNull(c.next());
        }
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Reads the request head, writes the answer in small pieces, closes. */
    private void answer(String response) {
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) head.append((char) s.getInputStream().read());
                request.complete(head.toString());
                OutputStream out = s.getOutputStream();
                byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < bytes.length; i += 5) {
                    out.write(bytes, i, Math.min(5, bytes.length - i));
                    out.flush();
                }
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
    }

    private static String chunked(String body, int size) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < body.length(); i += size) {
            String part = body.substring(i, Math.min(body.length(), i + size));
            s.append(Integer.toHexString(part.getBytes(StandardCharsets.UTF_8).length)).append("\r\n").append(part).append("\r\n");
        }
        return s.append("0\r\n\r\n").toString();
    }
}
