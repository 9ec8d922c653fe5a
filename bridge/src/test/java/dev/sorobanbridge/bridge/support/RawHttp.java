package dev.sorobanbridge.bridge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket bound to a chosen loopback address (127.0.0.x), so one test can be several
 * client IPs, and can send half a request or nothing at all. Reads answers with a Content-Length body
 * whole; for a stream, only its head.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** The head of an answer (header names lower-case) and, unless it is a stream, its body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawHttp connect(String fromAddress, int port) {
        return connect(fromAddress, "127.0.0.1", port);
    }

    public static RawHttp connect(String fromAddress, String toAddress, int port) {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress(toAddress, port), 5_000);
            socket.setSoTimeout(10_000);
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the text as is (it may be half a request). */
    public RawHttp send(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a complete GET with the given extra header lines ("Name: value") and reads the answer. */
    public Response get(String target, String... headerLines) {
        return request("GET", target, null, headerLines);
    }

    public Response request(String method, String target, String body, String... headerLines) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String line : headerLines) head.append(line).append("\r\n");
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) head.append("Content-Length: ").append(bytes.length).append("\r\n");
        send(head.append("\r\n").toString());
        if (bytes.length > 0) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return readResponse();
    }

    /** Reads one answer: its head, then its body when it has a Content-Length (a stream's body is left unread). */
    public Response readResponse() {
        try {
            String statusLine = line();
            if (statusLine == null) throw new IOException("the connection closed before an answer");
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            String body = null;
            if (headers.containsKey("content-length")) {
                body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
            }
            return new Response(status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads whatever arrives (a stream's frames) for up to {@code wait}; empty when nothing did. */
    public String readAvailable(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            byte[] buffer = new byte[8192];
            int n = in.read(buffer);
            return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (SocketTimeoutException nothing) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once the server closed the connection (end of stream or reset) within {@code wait}. */
    public boolean awaitClosedByServer(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
                try {
                    if (in.read() < 0) return true;
                } catch (SocketTimeoutException stillOpen) {
                    return false;
                } catch (SocketException reset) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when no answer at all arrived within {@code wait} (the connection is neither answered nor closed). */
    public boolean silentFor(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            in.read(); // a byte, or the end of the stream: either way the server did something
            return false;
        } catch (SocketTimeoutException silent) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                socket.setSoTimeout(10_000);
            } catch (SocketException ignored) {
                // the next read reports it
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
