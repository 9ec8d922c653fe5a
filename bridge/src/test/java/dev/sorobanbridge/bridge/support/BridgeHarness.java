package dev.sorobanbridge.bridge.support;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.bridge.health.IndexerState;
import dev.sorobanbridge.bridge.metrics.PrometheusMetrics;
import dev.sorobanbridge.bridge.server.BridgeServer;
import dev.sorobanbridge.bridge.server.Role;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.log.store.Database;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real node for tests: SQLite in a temp dir, the production {@link BridgeServer} on port 0, and the
 * log's writer in the test's hands (playing the indexer).
 */
public final class BridgeHarness implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public final AppConfig config;
    public final Database database;
    public final LogWriter writer;
    public final TestAuth auth = new TestAuth();
    public final PrometheusMetrics metrics = new PrometheusMetrics();
    /** The server's clock. */
    public final CountingClock clock = new CountingClock();
    public final AtomicReference<IndexerState> indexer = new AtomicReference<>(new IndexerState(true, OptionalLong.of(0)));
    public final BridgeServer server;

    private BridgeHarness(AppConfig config, Role role) {
        this.config = config;
        this.database = Database.open(config.storage());
        this.writer = database.eventLog().tryAcquireWriter().orElseThrow();
        this.server = new BridgeServer(config, role, database.eventLog(), metrics.registry(), auth.authentication(),
                role.runsIndexer() ? indexer::get : null, clock).start();
    }

    public static BridgeHarness start(Path dir) {
        return start(dir, Map.of());
    }

    /** @param settings config keys and values over {@link TestConfig}'s, e.g. {@code stream.heartbeat=200ms} */
    public static BridgeHarness start(Path dir, Map<String, String> settings) {
        return start(dir, Role.ALL, settings);
    }

    public static BridgeHarness start(Path dir, Role role, Map<String, String> settings) {
        return new BridgeHarness(TestConfig.create(dir, settings), role);
    }

    public EventLog log() {
        return database.eventLog();
    }

    /** Appends as the indexer would: one transaction, cursor after the last event's ledger. */
    public void append(List<ActivityEvent> events) {
        writer.append(events, Cursor.startAt(events.getLast().ledger() + 1));
    }

    public void append(ActivityEvent... events) {
        append(List.of(events));
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    public SseClient stream(String pathAndQuery) {
        return SseClient.open(uri(pathAndQuery));
    }

    public HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), headers);
    }

    public static HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        if (headers.length > 0) request.headers(headers);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        writer.close();
        database.close();
        metrics.close();
    }
}
