package dev.sorobanbridge.bench.driver;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One SSE stream over a plain socket: an HTTP/1.1 GET, the response head, then SSE frames from the
 * (usually chunked) body. Written by hand rather than with {@code java.net.http.HttpClient} because
 * the driver holds 10,000 of these next to the server on two cores: a blocking socket read on a
 * virtual thread and one read buffer per stream is the cheapest client there is, so the figures
 * measure the server rather than the driver.
 *
 * <p>The buffer holds 16 KiB, as a browser reads at least that much at a time. With 2 KiB a stream
 * needed 35 reads for one ledger's 100 events, and a driver pinned to one core spent the burst in
 * those reads: its own backlog, not the server, set the p99 it reported.
 */
final class SseConnection implements Closeable {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_LINE = 1 << 20;

    /** One SSE message; null fields were absent. A frame of only comments or {@code retry:} has all three null. */
    record Frame(String event, String id, String data) {}

    private final Socket socket;
    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private int status;
    private boolean chunked;
    /** Body bytes left: in the current chunk when chunked, else in the whole body (-1: until EOF). */
    private long remaining = -1;
    private boolean bodyEnded;
    private byte[] line = new byte[1024];

    private SseConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /**
     * Connects and reads the response head.
     *
     * @param receiveBuffer socket receive buffer in bytes, 0 for the system default (small for slow consumers,
     *                      so the server feels their back-pressure instead of the kernel absorbing it)
     */
    static SseConnection open(URI base, String pathAndQuery, String lastEventId, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
            int port = base.getPort() > 0 ? base.getPort() : 80;
            socket.connect(new InetSocketAddress(base.getHost(), port), CONNECT_TIMEOUT_MILLIS);
            StringBuilder request = new StringBuilder()
                    .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(port).append("\r\n")
                    .append("Accept: text/event-stream\r\n")
                    .append("Cache-Control: no-cache\r\n");
            if (lastEventId != null) request.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SseConnection connection = new SseConnection(socket);
            connection.readHead();
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int status() {
        return status;
    }

    /** The start of a non-200 answer's body, for the failure report. */
    String errorBody() throws IOException {
        StringBuilder text = new StringBuilder();
        String l;
        while (text.length() < 300 && (l = bodyLine()) != null) text.append(l);
        return BridgeClient.abbreviate(text.toString());
    }

    /** The next frame, or null when the server ended the stream. */
    Frame next() throws IOException {
        String event = null;
        String id = null;
        StringBuilder data = null;
        while (true) {
            String l = bodyLine();
            if (l == null) return null;
            if (l.isEmpty()) {
                return new Frame(event, id, data == null ? null : data.toString());
            }
            if (l.charAt(0) == ':') continue;
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            int start = colon < 0 ? l.length() : colon + 1;
            if (start < l.length() && l.charAt(start) == ' ') start++;
            String value = l.substring(start);
            switch (field) {
                case "event" -> event = value;
                case "id" -> id = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { } // retry: and unknown fields
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void readHead() throws IOException {
        String statusLine = rawLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP response: " + statusLine);
        status = Integer.parseInt(parts[1]);
        String header;
        while (!(header = rawLine()).isEmpty()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            if (lower.startsWith("content-length:")) remaining = Long.parseLong(header.substring(15).trim());
        }
        if (chunked) remaining = 0;
    }

    /** A body line without its line break, or null at the end of the body. */
    private String bodyLine() throws IOException {
        int length = 0;
        while (true) {
            if (remaining == 0 && !nextChunk()) {
                return length == 0 ? null : text(length);
            }
            if (pos == limit && !fill()) {
                bodyEnded = true;
                return length == 0 ? null : text(length);
            }
            int available = limit - pos;
            if (remaining > 0 && remaining < available) available = (int) remaining;
            int end = pos + available;
            int i = pos;
            while (i < end && buf[i] != '\n') i++;
            int n = i - pos;
            if (length + n > line.length) {
                if (length + n > MAX_LINE) throw new IOException("SSE line longer than " + MAX_LINE + " bytes");
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(buf, pos, line, length, n);
            length += n;
            boolean found = i < end;
            int consumed = n + (found ? 1 : 0);
            pos += consumed;
            if (remaining > 0) remaining -= consumed;
            if (found) return text(length);
        }
    }

    /** Moves to the next chunk; false at the last (empty) chunk or when the body has no chunks left. */
    private boolean nextChunk() throws IOException {
        if (!chunked || bodyEnded) return false;
        String size = chunkLine();
        if (size != null && size.isEmpty()) size = chunkLine(); // the CRLF that ends the previous chunk's data
        if (size == null) {
            bodyEnded = true; // the connection was cut between chunks
            return false;
        }
        int semicolon = size.indexOf(';');
        long n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (n == 0) {
            bodyEnded = true;
            return false;
        }
        remaining = n;
        return true;
    }

    /** A chunk-size line, or null when the connection ends before it. */
    private String chunkLine() throws IOException {
        if (pos == limit && !fill()) return null;
        return rawLine();
    }

    private String text(int length) {
        if (length > 0 && line[length - 1] == '\r') length--;
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /** A line of the response head or a chunk-size line. */
    private String rawLine() throws IOException {
        StringBuilder s = new StringBuilder(32);
        while (true) {
            if (pos == limit && !fill()) throw new EOFException("connection closed in the middle of a line");
            byte b = buf[pos++];
            if (b == '\n') break;
            if (b != '\r') s.append((char) b);
            if (s.length() > 8192) throw new IOException("response head line too long");
        }
        return s.toString();
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) return false;
        pos = 0;
        limit = n;
        return true;
    }
}
