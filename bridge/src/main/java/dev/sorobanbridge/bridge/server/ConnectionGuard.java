package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.metrics.LimitMetrics;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes connections that hold a socket without asking for anything: one that has not sent a complete
 * request head within {@code server.request-head-timeout} of being accepted (a silent socket, or a head
 * sent byte by byte), and a kept-alive one whose next request head has not arrived within
 * {@link #KEEP_ALIVE_IDLE} of its previous response. A connection with a request in progress, such as a
 * long SSE stream, which sends nothing after its head, is never closed here.
 *
 * <p>Helidon's own idle timeout cannot do this: it never sees a connection that is still in its TLS
 * handshake or protocol detection, and it does not interrupt a request whose headers are still arriving.
 * So every accepted socket is registered here (through the listener's connection options, the one hook
 * Helidon calls on accept), a routing filter marks when a request's head has arrived (routing starts only
 * then) and when it has been answered, and a sweeper closes the socket of a connection past its deadline.
 */
final class ConnectionGuard implements Filter, AutoCloseable {
    /**
     * How long an idle kept-alive connection stays open: far below Helidon's default of five minutes, and
     * above the 60 s a reverse proxy such as nginx keeps its idle upstream connections, so the proxy always
     * closes first and never sends a request on a connection we are closing.
     */
    static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(75);
    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
    private static final Duration MAX_SWEEP_PERIOD = Duration.ofSeconds(1);
    private static final Duration MIN_SWEEP_PERIOD = Duration.ofMillis(50);

    private final long headTimeoutNanos;
    private final long keepAliveNanos;
    private final LimitMetrics metrics;
    private final Duration period;
    private final Map<SocketAddress, Tracked> byPeer = new ConcurrentHashMap<>();
    private final Thread sweeper;
    private volatile boolean running = true;

    ConnectionGuard(Duration headTimeout, Duration keepAliveIdle, LimitMetrics metrics, String name) {
        this.headTimeoutNanos = headTimeout.toNanos();
        this.keepAliveNanos = keepAliveIdle.toNanos();
        this.metrics = metrics;
        Duration quarter = headTimeout.dividedBy(4);
        this.period = quarter.compareTo(MAX_SWEEP_PERIOD) > 0 ? MAX_SWEEP_PERIOD
                : quarter.compareTo(MIN_SWEEP_PERIOD) < 0 ? MIN_SWEEP_PERIOD : quarter;
        this.sweeper = Thread.ofVirtual().name("connection-guard-" + name).start(this::sweepUntilClosed);
    }

    /** The listener's connection options, which also register every accepted socket here. */
    SocketOptions socketOptions(SocketOptions base) {
        return new Registering(base);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Tracked tracked = byPeer.get(req.remotePeer().address());
        if (tracked == null) {
            chain.proceed();
            return;
        }
        tracked.inFlight.incrementAndGet();
        try {
            chain.proceed();
        } finally {
            tracked.deadline = System.nanoTime() + keepAliveNanos;
            tracked.inFlight.decrementAndGet();
        }
    }

    /** Connections being watched (open, or closed since the last sweep). */
    int tracked() {
        return byPeer.size();
    }

    private void accepted(SocketChannel channel) {
        try {
            SocketAddress peer = channel.getRemoteAddress();
            if (peer != null) byPeer.put(peer, new Tracked(channel, System.nanoTime() + headTimeoutNanos));
        } catch (IOException closedAlready) {
            // Nothing to watch.
        }
    }

    private void sweepUntilClosed() {
        while (running) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            sweep(System.nanoTime());
        }
    }

    private void sweep(long now) {
        for (Map.Entry<SocketAddress, Tracked> entry : byPeer.entrySet()) {
            Tracked t = entry.getValue();
            if (!t.channel.isOpen()) {
                byPeer.remove(entry.getKey(), t);
            } else if (t.inFlight.get() == 0 && now - t.deadline > 0) {
                byPeer.remove(entry.getKey(), t);
                metrics.rejected("request-head-timeout");
                LOG.log(System.Logger.Level.DEBUG, "closing a connection that sent no request head in time");
                try {
                    t.channel.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing an idle connection failed: " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sweeper.interrupt();
    }

    private static final class Tracked {
        final SocketChannel channel;
        final AtomicInteger inFlight = new AtomicInteger();
        /** System.nanoTime() after which a connection with no request in progress is closed. */
        volatile long deadline;

        Tracked(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }
    }

    /** The configured socket options, plus registering each accepted socket with the guard. */
    private final class Registering implements SocketOptions {
        private final SocketOptions base;

        Registering(SocketOptions base) {
            this.base = base;
        }

        @Override
        public void configureSocket(SocketChannel socket) {
            base.configureSocket(socket);
            accepted(socket);
        }

        @Override
        public void configureSocket(Socket socket) {
            base.configureSocket(socket);
        }

        @Override
        public Map<SocketOption<?>, Object> socketOptions() {
            return base.socketOptions();
        }

        @Override
        public Duration connectTimeout() {
            return base.connectTimeout();
        }

        @Override
        public Duration readTimeout() {
            return base.readTimeout();
        }

        @Override
        public Optional<Integer> socketReceiveBufferSize() {
            return base.socketReceiveBufferSize();
        }

        @Override
        public Optional<Integer> socketSendBufferSize() {
            return base.socketSendBufferSize();
        }

        @Override
        public boolean socketReuseAddress() {
            return base.socketReuseAddress();
        }

        @Override
        public boolean socketKeepAlive() {
            return base.socketKeepAlive();
        }

        @Override
        public boolean tcpNoDelay() {
            return base.tcpNoDelay();
        }
    }
}
