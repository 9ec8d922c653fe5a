package dev.sorobanbridge.bridge.sse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events framing over a response's output stream. Written by hand because Helidon's
 * {@code SseSink} never writes {@code retry:}. Every frame is flushed at once: an event that sits in
 * a buffer is late. A failed write means the client has gone; it surfaces as {@link IOException}.
 *
 * <p>Callers pass one-line JSON (Jackson's compact output escapes line breaks inside strings), so a
 * payload can never end a frame early or inject a field.
 */
final class SseWriter {
    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** {@code retry: <ms>}: how long the browser waits before reconnecting. */
    void retry(long millis) throws IOException {
        write("retry: " + millis + "\n\n");
    }

    /** A named system event: never reaches {@code EventSource.onmessage}. */
    void event(String name, String json) throws IOException {
        write("event: " + name + "\ndata: " + json + "\n\n");
    }

    /** An unnamed message with an id: what {@code onmessage} receives and Last-Event-ID remembers. */
    void message(String id, String json) throws IOException {
        write("id: " + id + "\ndata: " + json + "\n\n");
    }

    /** A comment line: ignored by clients, keeps proxies from timing the connection out. */
    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    private void write(String frame) throws IOException {
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // Helidon reports a closed connection as an unchecked exception (ServerConnectionException).
            throw new IOException("client connection closed: " + e.getMessage(), e);
        }
    }
}
