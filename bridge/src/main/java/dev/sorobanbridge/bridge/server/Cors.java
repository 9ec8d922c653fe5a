package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.http.ApiException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CORS for the configured origins ({@code server.cors-allowed-origins}; {@code "*"} allows any).
 * Answers preflights itself and allows the request headers a stream needs: {@code Authorization}
 * for bearer tokens and {@code Last-Event-ID} for fetch-based EventSource polyfills. No cookies are
 * used, so credentials are never allowed.
 */
public final class Cors implements Filter {
    /** DELETE is logout ({@code DELETE /auth}): a cross-origin dApp must be able to end its session. */
    private static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Last-Event-ID, Content-Type, Cache-Control, X-Requested-With";
    private static final HeaderName REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");

    private final boolean anyOrigin;
    private final Set<String> origins;

    public Cors(List<String> allowedOrigins) {
        this.anyOrigin = allowedOrigins.contains("*");
        this.origins = Set.copyOf(allowedOrigins);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        boolean allowed = anyOrigin || origins.contains(origin.get());
        boolean preflight = req.prologue().method() == Method.OPTIONS && req.headers().contains(REQUEST_METHOD);
        if (preflight && !allowed) {
            throw ApiException.forbidden("origin_not_allowed", "This origin is not allowed to call this server.");
        }
        if (allowed) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin ? "*" : origin.get());
            res.header(HeaderNames.VARY, "Origin");
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Retry-After");
        }
        if (preflight) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        chain.proceed();
    }
}
