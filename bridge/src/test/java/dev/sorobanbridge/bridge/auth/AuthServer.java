package dev.sorobanbridge.bridge.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.http.ErrorResponses;
import dev.sorobanbridge.config.AppConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real Helidon server on a free port with the production auth routes, the production error
 * mapping and two protected stand-ins for {@code /events} and {@code /events/history}, which
 * answer with the {@link Principal} the {@link Authenticator} found.
 */
final class AuthServer implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    final MeterRegistry metrics;
    private final WebServer server;

    private AuthServer(WebServer server, MeterRegistry metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    static AuthServer start(AppConfig.Auth auth, DataSource dataSource, Clock clock, Path dataDir) {
        return start(auth, dataSource, clock, dataDir, new SimpleMeterRegistry());
    }

    static AuthServer start(AppConfig.Auth auth, DataSource dataSource, Clock clock, Path dataDir, MeterRegistry metrics) {
        return start(auth, TestChain.rpc(), TestAuthConfig.LIMITS, dataSource, clock, dataDir, metrics);
    }

    /** @param rpc the Stellar RPC SEP-10 reads account signers from */
    static AuthServer start(AppConfig.Auth auth, AppConfig.Rpc rpc, DataSource dataSource, Clock clock, Path dataDir,
                            MeterRegistry metrics) {
        return start(auth, rpc, TestAuthConfig.LIMITS, dataSource, clock, dataDir, metrics);
    }

    static AuthServer start(AppConfig.Auth auth, AppConfig.Limits limits, DataSource dataSource, Clock clock, Path dataDir,
                            MeterRegistry metrics) {
        return start(auth, TestChain.rpc(), limits, dataSource, clock, dataDir, metrics);
    }

    static AuthServer start(AppConfig.Auth auth, AppConfig.Rpc rpc, AppConfig.Limits limits, DataSource dataSource,
                            Clock clock, Path dataDir, MeterRegistry metrics) {
        AuthModule module = AuthModule.create(auth, rpc, limits, dataSource, metrics, clock, dataDir);
        Authenticator authenticator = module.authenticator();
        WebServer server = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> {
                    new ErrorResponses().register(r);
                    module.routes().register(r);
                    r.get("/events", (req, res) -> whoAmI(authenticator, req, res));
                    r.get("/events/history", (req, res) -> whoAmI(authenticator, req, res));
                })
                .build().start();
        return new AuthServer(server, metrics);
    }

    private static void whoAmI(Authenticator authenticator, ServerRequest req, ServerResponse res) throws IOException {
        Principal p = authenticator.authenticate(req);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", p.account());
        SessionId session = SessionId.parse(p.sessionId());
        body.put("issuer", session.issuer());
        body.put("sessionId", session.jti());
        body.put("expiresAt", p.expiresAt().getEpochSecond());
        body.put("admin", p.admin());
        body.put("ticketId", p.ticketId());
        res.send(JSON.writeValueAsBytes(body));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET());
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return send(b);
    }

    HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    private HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) b.headers(headers);
        return b;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
