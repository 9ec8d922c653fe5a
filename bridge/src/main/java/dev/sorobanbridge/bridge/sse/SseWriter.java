package dev.sorobanbridge.bridge.sse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-Sent Events framing over a response's output stream. Written by hand because Helidon's
 * {@code SseSink} never writes {@code retry:}. System frames are flushed at once; messages wait for
 * {@link #flush}, so a page of replay or a batch of live events leaves in one write (one chunk, one
 * system call) instead of one per event. A failed write means the client has gone; it surfaces as
 * {@link IOException}.
 *
 * <p>Callers pass one-line JSON (Jackson's compact output escapes line breaks inside strings), so a
 * payload can never end a frame early or inject a field.
 */
public final class SseWriter {
    /**
     * Frames are written in parts of at most this many bytes (a larger frame alone): bounds the copy the web
     * server makes of each write, which a stream blocked on a slow client holds.
     */
    static final int WRITE_SIZE = 16 * 1024;
    /** Room for a typical batch (a ledger's events) before the list of unsent frames grows. */
    private static final int UNSENT_FRAMES = 32;

    private final OutputStream out;
    /** Encoded frames not yet written; null between flushes, so an idle stream holds no buffer. */
    private List<byte[]> unsent;
    private int unsentBytes;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** {@code retry: <ms>}: how long the browser waits before reconnecting. */
    void retry(long millis) throws IOException {
        add("retry: " + millis + "\n\n");
        flush();
    }

    /**
     * A named system event: never reaches {@code EventSource.onmessage}.
     *
     * @param id the {@code id:} line (the browser's Last-Event-ID from then on; empty clears it), or
     *           null for none
     */
    void event(String id, String name, String json) throws IOException {
        add((id == null ? "" : "id: " + id + "\n") + "event: " + name + "\ndata: " + json + "\n\n");
        flush();
    }

    /** A named system event without an id line. */
    void event(String name, String json) throws IOException {
        event(null, name, json);
    }

    /**
     * An unnamed message with an id: what {@code onmessage} receives and Last-Event-ID remembers. Live
     * events arrive encoded by the fan-out ({@code fanout.LiveEvent}, joined per batch by
     * {@code fanout.LiveBatch}); replayed ones are encoded here.
     */
    public static byte[] messageFrame(String id, String json) {
        return ("id: " + id + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Frames from {@link #messageFrame}, one or several back to back: sent by the next {@link #flush}, or
     * earlier when they would not fit in one write with those waiting. A single array waiting at a flush is
     * written as it is, not copied.
     */
    void message(byte[] frames) throws IOException {
        if (unsent != null && unsentBytes + frames.length > WRITE_SIZE) flush();
        add(frames);
    }

    /**
     * Frames packed into the arrays {@link #message} and {@link #flush} would write for them: whole frames,
     * at most {@link #WRITE_SIZE} bytes each (a larger frame alone, as it is). For a batch that many streams
     * write alike, packed once ({@code fanout.LiveBatch}).
     */
    public static List<byte[]> packed(List<byte[]> frames) {
        List<byte[]> writes = new ArrayList<>();
        int from = 0;
        int bytes = 0;
        for (int i = 0; i < frames.size(); i++) {
            if (i > from && bytes + frames.get(i).length > WRITE_SIZE) {
                writes.add(joined(frames.subList(from, i), bytes));
                from = i;
                bytes = 0;
            }
            bytes += frames.get(i).length;
        }
        if (from < frames.size()) writes.add(joined(frames.subList(from, frames.size()), bytes));
        return List.copyOf(writes);
    }

    /** Writes every frame not yet written, in one write, and flushes it to the client. */
    void flush() throws IOException {
        if (unsent == null) return;
        byte[] frames = joined(unsent, unsentBytes);
        unsent = null;
        unsentBytes = 0;
        try {
            out.write(frames);
            out.flush();
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // Helidon reports a closed connection as an unchecked exception (ServerConnectionException).
            throw new IOException("client connection closed: " + e.getMessage(), e);
        }
    }

    private void add(String frame) {
        add(frame.getBytes(StandardCharsets.UTF_8));
    }

    private void add(byte[] frame) {
        if (unsent == null) unsent = new ArrayList<>(UNSENT_FRAMES);
        unsent.add(frame);
        unsentBytes += frame.length;
    }

    /** The frames back to back in one array; a single frame as it is, not copied. */
    private static byte[] joined(List<byte[]> frames, int bytes) {
        if (frames.size() == 1) return frames.getFirst();
        byte[] all = new byte[bytes];
        int at = 0;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, all, at, frame.length);
            at += frame.length;
        }
        return all;
    }
}
