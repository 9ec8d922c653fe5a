package dev.sorobanbridge.bench.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kernel memory held by the server's side of its connections, read with {@code ss -tm}: what
 * streams whose readers stopped reading pin outside the JVM (their unsent bytes stay in the
 * server socket's send queue until it fills). RSS does not show it.
 */
public final class ServerSockets {
    /** ss's skmem: tb = the send buffer's limit, w = bytes queued to send. */
    private static final Pattern SKMEM = Pattern.compile("skmem:\\(r\\d+,rb\\d+,t\\d+,tb(\\d+),f\\d+,w(\\d+),");

    private final int port;

    ServerSockets(int port) {
        this.port = port;
    }

    /**
     * @param sockets      established connections on the server's port
     * @param queuedKib    bytes waiting in their send queues, summed
     * @param maxQueuedKib the fullest send queue
     * @param sendBufferKib the send buffer limit of the first one (the product fixes it)
     */
    public record Figures(int sockets, long queuedKib, long maxQueuedKib, long sendBufferKib) {
        @Override
        public String toString() {
            return sockets + " sockets, send queues " + String.format("%.1f MiB", queuedKib / 1024.0) + " in all, fullest "
                    + maxQueuedKib + " KiB, send buffer " + sendBufferKib + " KiB each";
        }
    }

    /** @return empty when {@code ss} is missing or fails */
    Optional<Figures> read() {
        try {
            Process p = new ProcessBuilder(List.of("ss", "-tmnH", "state", "established", "( sport = :" + port + " )"))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return Optional.empty();
            int sockets = 0;
            long queued = 0, max = 0, sendBuffer = 0;
            Matcher m = SKMEM.matcher(out);
            while (m.find()) {
                sockets++;
                long w = Long.parseLong(m.group(2));
                queued += w;
                max = Math.max(max, w);
                if (sendBuffer == 0) sendBuffer = Long.parseLong(m.group(1));
            }
            return Optional.of(new Figures(sockets, queued / 1024, max / 1024, sendBuffer / 1024));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
