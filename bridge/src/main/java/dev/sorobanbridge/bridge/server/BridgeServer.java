package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.demo.DemoPage;
import dev.sorobanbridge.bridge.fanout.CloseReason;
import dev.sorobanbridge.bridge.fanout.DeadlineTicker;
import dev.sorobanbridge.bridge.fanout.FanOut;
import dev.sorobanbridge.bridge.fanout.Subscription;
import dev.sorobanbridge.bridge.fanout.SubscriptionRegistry;
import dev.sorobanbridge.bridge.health.HealthHandler;
import dev.sorobanbridge.bridge.health.IndexerState;
import dev.sorobanbridge.bridge.history.HistoryHandler;
import dev.sorobanbridge.bridge.http.ErrorResponses;
import dev.sorobanbridge.bridge.limits.RateLimiter;
import dev.sorobanbridge.bridge.metrics.LimitMetrics;
import dev.sorobanbridge.bridge.metrics.MetricsHandler;
import dev.sorobanbridge.bridge.metrics.StreamMetrics;
import dev.sorobanbridge.bridge.sse.IndexedHead;
import dev.sorobanbridge.bridge.sse.SseWriter;
import dev.sorobanbridge.bridge.sse.StreamHandler;
import dev.sorobanbridge.bridge.stats.StatsHandler;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.EventLog;
import io.helidon.common.socket.SocketOptions;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The HTTP side of a node: builds the production routes from their dependencies (tests use the very
 * same {@link #routing}), runs the web server (and the management server when
 * {@code server.management-port} is set), and drains streams on the way down.
 */
public final class BridgeServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BridgeServer.class.getName());
    /** How often the fan-out looks at the log without a wake-up: a safety net, not the delivery path. */
    private static final Duration FAN_OUT_SAFETY_POLL = Duration.ofSeconds(2);
    /** Per connection, in the kernel (which doubles it): bounds what a frozen client holds outside its queue. */
    private static final int SOCKET_SEND_BUFFER_BYTES = 64 * 1024;
    /** How often the server.tls files are looked at for a renewed certificate. */
    private static final Duration TLS_RELOAD_CHECK = Duration.ofSeconds(30);
    /**
     * No route takes more than a signed SEP-10 challenge (POST /auth caps its own body at 8 KiB): Helidon
     * refuses anything larger before a handler runs (413, and it stops reading a chunked body there).
     */
    private static final long MAX_PAYLOAD_BYTES = 16 * 1024;

    private final AppConfig config;
    private final Role role;
    private final Clock clock;
    private final ErrorResponses errors = new ErrorResponses();
    private final Cors cors;
    private final SubscriptionRegistry subscriptions;
    private final FanOut fanOut;
    private final DeadlineTicker deadlines;
    private final Authentication auth;
    private final StreamHandler streams;
    private final HistoryHandler history;
    private final MetricsHandler metrics;
    private final HealthHandler health;
    private final DemoPage demoPage;
    private final TlsFiles tlsFiles;
    private final TrustedProxies clientAddresses;
    private final LimitMetrics limitMetrics;
    private final AccessLog accessLog;
    private final ConnectionGuard connections;
    private final ConnectionGuard managementConnections;
    private WebServer server;
    private WebServer management;
    private TlsReloader tlsReloader;

    /**
     * @param indexer this node's indexer state, or null when it runs none
     * @param auth    credentials and auth routes; unused by the indexer role
     */
    public BridgeServer(AppConfig config, Role role, EventLog log, PrometheusMeterRegistry meters,
                        Authentication auth, Supplier<IndexerState> indexer, Clock clock) {
        this.config = config;
        this.role = role;
        this.clock = clock;
        this.auth = auth;
        this.cors = new Cors(config.server().corsAllowedOrigins());
        this.subscriptions = new SubscriptionRegistry(config.limits(), config.stream().queueCapacity(), clock);
        StreamMetrics streamMetrics = new StreamMetrics(meters, subscriptions);
        this.limitMetrics = new LimitMetrics(meters);
        this.clientAddresses = new TrustedProxies(config.server().trustedProxies());
        this.accessLog = config.server().accessLog() ? new AccessLog() : null;
        Duration headTimeout = config.server().requestHeadTimeout();
        Duration keepAlive = headTimeout.compareTo(ConnectionGuard.KEEP_ALIVE_IDLE) > 0 ? headTimeout : ConnectionGuard.KEEP_ALIVE_IDLE;
        this.connections = new ConnectionGuard(headTimeout, keepAlive, limitMetrics, "public");
        this.managementConnections = new ConnectionGuard(headTimeout, keepAlive, limitMetrics, "management");
        this.fanOut = new FanOut(log, subscriptions, streamMetrics, FAN_OUT_SAFETY_POLL,
                stored -> SseWriter.messageFrame(stored.id(), stored.json()));
        this.deadlines = new DeadlineTicker(subscriptions, clock, config.stream().heartbeat());
        this.streams = new StreamHandler(config.stream(), log, subscriptions, streamMetrics,
                new RateLimiter("connects-per-minute-per-ip", config.limits().connectsPerMinutePerIp(),
                        "stream connection attempts from this address", clock, limitMetrics),
                limitMetrics, auth.authenticate(), auth.isRevoked(), clock, new IndexedHead(log, indexer, clock));
        this.history = new HistoryHandler(log, auth.authenticate(),
                new RateLimiter("history-per-minute-per-ip", config.limits().historyPerMinutePerIp(),
                        "history requests from this address", clock, limitMetrics));
        this.metrics = new MetricsHandler(meters);
        this.health = new HealthHandler(role.text(), log, indexer, config.indexer().maxLagLedgers());
        boolean pageWanted = config.demo().enabled() || config.demo().pageEnabled();
        this.demoPage = pageWanted ? new DemoPage(BridgeServer.class.getClassLoader()) : null;
        this.tlsFiles = config.server().tls() == null ? null : new TlsFiles(config.server().tls());
        if (demoPage != null && !demoPage.available()) {
            LOG.log(System.Logger.Level.WARNING, "the demo page is not in this build (build clients/js first); / answers 404");
        }
    }

    /** The routes of the main port. */
    public void routing(HttpRouting.Builder routing) {
        commonFilters(routing, connections);
        routing.addFilter(cors);
        errors.register(routing);
        if (config.server().managementPort() == 0) operationsRoutes(routing);
        if (!role.servesStreams()) return;
        routing.get("/openapi.yaml", new OpenApiDocument(BridgeServer.class.getClassLoader()));
        auth.routes().accept(routing);
        routing.get("/events", streams);
        routing.get("/events/history", history);
        if (config.server().managementPort() == 0) {
            // With a management port, operators read statistics there and the public port has none.
            routing.get("/events/stats", new StatsHandler(subscriptions, config.stream().queueCapacity(), auth.authenticate()));
        }
        if (demoPage != null) demoPage.register(routing);
    }

    /** The routes of the management port: metrics, health and stream statistics, without credentials. */
    public void managementRouting(HttpRouting.Builder routing) {
        commonFilters(routing, managementConnections);
        errors.register(routing);
        operationsRoutes(routing);
        if (role.servesStreams()) {
            routing.get("/events/stats", new StatsHandler(subscriptions, config.stream().queueCapacity(), null));
        }
    }

    /** First on every port: the head deadline's bookkeeping, the client's address, then the access log. */
    private void commonFilters(HttpRouting.Builder routing, ConnectionGuard guard) {
        routing.addFilter(guard);
        routing.addFilter(clientAddresses);
        if (accessLog != null) routing.addFilter(accessLog);
    }

    private void operationsRoutes(HttpRouting.Builder routing) {
        routing.get("/metrics", metrics);
        health.register(routing);
    }

    /**
     * Starts the fan-out (stream roles) and the server(s); returns once they listen. With
     * {@code server.tls} the main port speaks only TLS, offering HTTP/2 and HTTP/1.1 by ALPN (a
     * browser holds a stream per EventSource, and only HTTP/2 lifts its six-connections-per-origin
     * cap); the management port stays plain HTTP.
     *
     * @throws dev.sorobanbridge.config.ConfigException when the TLS files cannot be used
     */
    public BridgeServer start() {
        Tls tls = tlsFiles == null ? null : tlsFiles.load();
        if (role.servesStreams()) {
            fanOut.start();
            deadlines.start();
        }
        WebServerConfig.Builder main = WebServer.builder();
        if (tls != null) main.tls(tls);
        server = main
                .host(config.server().host())
                .port(config.server().port())
                // Per-connection buffers, held by every idle stream for its whole life. Helidon's NIO
                // sockets (the default) keep an 8 KiB read and an 8 KiB write buffer; its plain sockets
                // only the read buffer. The 4 KiB output-stream buffer only copies: the SSE writer (the
                // only user of a response's output stream here) writes each batch of frames in one call.
                .useNio(false)
                .writeBufferSize(0)
                // Without a fixed size Linux grows a send buffer up to 4 MiB (thousands of events) for a
                // client that stopped reading, so its queue, and the slow-consumer cut, are reached only
                // after minutes. SSE needs little: 20 events/s of 1 KiB is 20 KiB/s.
                .connectionOptions(connections.socketOptions(SocketOptions.builder()
                        .socketSendBufferSize(SOCKET_SEND_BUFFER_BYTES).build()))
                // Beyond the cap Helidon stops accepting: new connections wait in the kernel's backlog
                // until one closes (the head deadline frees sockets held by clients that send nothing).
                .maxTcpConnections(config.server().maxConnections())
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                .directHandlers(errors.directHandlers())
                .routing(this::routing)
                // Node.close() stops us after draining the streams; Helidon's own JVM hook would cut them all at once.
                .shutdownHook(false)
                .build()
                .start();
        if (tls != null) {
            tlsReloader = new TlsReloader(tlsFiles, TLS_RELOAD_CHECK, server::reloadTls).start();
        }
        if (config.server().managementPort() > 0) {
            management = WebServer.builder()
                    .host(config.server().managementHost())
                    .port(config.server().managementPort())
                    .connectionOptions(managementConnections.socketOptions(SocketOptions.create()))
                    .routing(this::managementRouting)
                    .shutdownHook(false)
                    .build()
                    .start();
        }
        return this;
    }

    public int port() {
        return server.port();
    }

    /** True when the main port speaks TLS (and HTTP/2). */
    public boolean tls() {
        return server.hasTls();
    }

    /** The management port, or -1 when none is configured. */
    public int managementPort() {
        return management == null ? -1 : management.port();
    }

    /**
     * Refuses new streams and closes the open ones at random instants spread over the window, so their
     * clients do not all reconnect (to another node) at once; then waits briefly for them to finish.
     */
    public void drain(Duration window) {
        List<Subscription> open = new ArrayList<>(subscriptions.startDraining());
        if (open.isEmpty()) return;
        LOG.log(System.Logger.Level.INFO, "draining " + open.size() + " streams over " + window.toMillis() + " ms");
        Instant started = clock.instant();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long windowMillis = Math.max(1, window.toMillis());
        List<Map.Entry<Long, Subscription>> schedule = new ArrayList<>();
        for (Subscription s : open) schedule.add(Map.entry(random.nextLong(windowMillis), s));
        schedule.sort(Comparator.comparing(Map.Entry::getKey));
        try {
            for (Map.Entry<Long, Subscription> entry : schedule) {
                long wait = entry.getKey() - Duration.between(started, clock.instant()).toMillis();
                if (wait > 0) Thread.sleep(wait);
                entry.getValue().closeGracefully(CloseReason.DRAINING);
            }
            Instant giveUp = clock.instant().plusSeconds(2);
            while (subscriptions.size() > 0 && clock.instant().isBefore(giveUp)) Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drains streams over {@code server.shutdown-drain}, then stops everything. */
    @Override
    public void close() {
        drain(config.server().shutdownDrain());
        if (tlsReloader != null) tlsReloader.close();
        if (management != null) management.stop();
        if (server != null) server.stop();
        fanOut.close();
        deadlines.close();
        connections.close();
        managementConnections.close();
    }
}
