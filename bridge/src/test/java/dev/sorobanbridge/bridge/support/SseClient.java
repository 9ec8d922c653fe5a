package dev.sorobanbridge.bridge.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE client over {@link HttpClient}: parses frames as a browser would, on its own thread,
 * into a queue the test reads with timeouts.
 */
public final class SseClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One SSE block; fields not present are null. */
    public record Frame(String id, String event, String data, String retry, String comment) {
        public boolean isMessage() {
            return data != null && event == null;
        }
    }

    private static final Frame END = new Frame(null, null, null, null, null);

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final String errorBody;

    private SseClient(HttpResponse<InputStream> response) throws IOException {
        this.response = response;
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return;
        }
        errorBody = null;
        Thread.ofVirtual().name("sse-client").start(this::read);
    }

    public static SseClient open(URI uri) {
        return open(uri, Map.of());
    }

    public static SseClient open(URI uri, Map<String, String> headers) {
        return open(HTTP, uri, headers);
    }

    /** Over a client of the test's own (HTTP/2, TLS). */
    public static SseClient open(HttpClient http, URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    /** The HTTP version the response came over. */
    public HttpClient.Version version() {
        return response.version();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** The body of a non-200 answer. */
    public String errorBody() {
        return errorBody;
    }

    /** The next frame of any kind; fails the test after the timeout. */
    public Frame next(Duration timeout) {
        try {
            Frame f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) throw new AssertionError("no SSE frame within " + timeout);
            if (f == END) {
                frames.add(END);
                throw new AssertionError("the stream ended");
            }
            return f;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public Frame next() {
        return next(WAIT);
    }

    /**
     * The next frame, or empty when none came within the timeout or the stream has ended (then
     * {@link #ended()} is true): for clients that keep reading across reconnects instead of failing.
     */
    public Optional<Frame> poll(Duration timeout) {
        try {
            Frame f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (f == END) frames.add(END);
            return f == null || f == END ? Optional.empty() : Optional.of(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** True once the server (or {@link #close()}) ended the stream and every frame before the end was taken. */
    public boolean ended() {
        return frames.peek() == END;
    }

    /** The next frame that is not a heartbeat ({@code heartbeat} events, and comments, are skipped). */
    public Frame nextNonComment() {
        while (true) {
            Frame f = next();
            if ("heartbeat".equals(f.event())) continue;
            if (f.comment() == null || f.data() != null || f.event() != null || f.retry() != null) return f;
        }
    }

    /**
     * The next n activity messages, skipping heartbeats, {@code retry:} and {@code connected}; fails on any
     * other named event in between.
     */
    public List<Frame> messages(int n) {
        List<Frame> result = new ArrayList<>();
        while (result.size() < n) {
            Frame f = nextNonComment();
            if ((f.retry() != null && f.data() == null) || "connected".equals(f.event())) continue;
            if (!f.isMessage()) throw new AssertionError("expected an activity message, got " + f);
            result.add(f);
        }
        return result;
    }

    /** Ids of the next n messages. */
    public List<String> messageIds(int n) {
        return messages(n).stream().map(Frame::id).toList();
    }

    /** Every frame until the server ends the stream; fails the test if it does not end within the timeout. */
    public List<Frame> framesUntilEnd(Duration timeout) {
        List<Frame> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Frame f = frames.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (f == END) {
                    frames.add(END);
                    return received;
                }
                if (f != null) received.add(f);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("the stream did not end within " + timeout + "; received " + received);
    }

    /** True when the server ended the stream within the timeout (the frames before the end are dropped). */
    public boolean awaitEnd(Duration timeout) {
        try {
            framesUntilEnd(timeout);
            return true;
        } catch (AssertionError stillOpen) {
            return false;
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null, event = null, retry = null, comment = null;
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null || event != null || retry != null || comment != null || data != null) {
                        frames.add(new Frame(id, event, data == null ? null : data.toString(), retry, comment));
                    }
                    id = event = retry = comment = null;
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    comment = line.substring(1).stripLeading();
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) value = value.substring(1);
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "retry" -> retry = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
        } catch (IOException e) {
            // the connection was closed: same as the end of the stream for a client
        } finally {
            frames.add(END);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
