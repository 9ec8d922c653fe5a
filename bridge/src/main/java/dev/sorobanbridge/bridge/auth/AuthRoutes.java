package dev.sorobanbridge.bridge.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.http.JsonMappers;
import io.helidon.common.media.type.MediaTypes;
import dev.sorobanbridge.bridge.http.ApiException;
import dev.sorobanbridge.bridge.http.ClientAddress;
import dev.sorobanbridge.bridge.limits.RateLimiter;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The auth endpoints: SEP-10 login ({@code GET}/{@code POST /auth}), logout ({@code DELETE /auth}),
 * tickets for {@code EventSource} ({@code POST /events/ticket}) and our public keys
 * ({@code GET /.well-known/jwks.json}). Errors are thrown as {@link ApiException}s for
 * {@code ErrorResponses} to render.
 */
public final class AuthRoutes {
    private static final System.Logger LOG = System.getLogger(AuthRoutes.class.getName());
    /**
     * A signed challenge is under 4 KiB of base64 even with every signature XDR allows (see
     * {@link ChallengeEnvelope#MAX_BASE64_CHARS}), JSON- or form-encoded; a larger body is not a login.
     */
    static final int MAX_BODY_BYTES = 8 * 1024;

    private final Sep10Login login;
    private final JwtIssuer issuer;
    private final Authenticator authenticator;
    private final Tickets tickets;
    private final AuthStore store;
    private final JsonObject jwks;
    private final Clock clock;
    private final AuthFailures failures;
    private final Limits limits;
    private final ObjectMapper json = JsonMappers.sharedBuffers();

    AuthRoutes(Sep10Login login, JwtIssuer issuer, Authenticator authenticator, Tickets tickets, AuthStore store,
               JsonObject jwks, Clock clock, AuthFailures failures, Limits limits) {
        this.login = login;
        this.issuer = issuer;
        this.authenticator = authenticator;
        this.tickets = tickets;
        this.store = store;
        this.jwks = jwks;
        this.clock = clock;
        this.failures = failures;
        this.limits = limits;
    }

    /**
     * The rate limits of these routes: challenges and logins per client address (taken before anything
     * is parsed), tickets per session.
     */
    record Limits(RateLimiter challenges, RateLimiter logins, RateLimiter tickets) {}

    public void register(HttpRouting.Builder routing) {
        routing.get("/auth", this::challenge)
                .post("/auth", this::token)
                .delete("/auth", this::logout)
                .post("/events/ticket", this::ticket)
                .get("/.well-known/jwks.json", this::jwks);
    }

    private void challenge(ServerRequest req, ServerResponse res) {
        limits.challenges().acquire(ClientAddress.of(req).limitKey());
        String account = req.query().first("account").orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transaction", login.challenge(account));
        body.put("network_passphrase", login.networkPassphrase());
        sendJson(res, body);
    }

    private void token(ServerRequest req, ServerResponse res) {
        limits.logins().acquire(ClientAddress.of(req).limitKey());
        String account = login.verify(signedTransaction(req));
        String token = issuer.issue(account);
        LOG.log(System.Logger.Level.INFO, "SEP-10 login: " + account);
        sendJson(res, Map.of("token", token));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        Principal principal = authenticator.bearer(req);
        store.revoke(SessionId.parse(principal.sessionId()), clock.instant(), principal.expiresAt());
        LOG.log(System.Logger.Level.INFO, "logout: session of " + principal.account() + " revoked");
        res.status(Status.NO_CONTENT_204).send();
    }

    private void ticket(ServerRequest req, ServerResponse res) {
        Principal principal = authenticator.bearer(req);
        limits.tickets().acquire(principal.sessionId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ticket", tickets.issue(principal));
        body.put("expires_in", tickets.ttl().toSeconds());
        sendJson(res, body);
    }

    private void jwks(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/jwk-set+json");
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
        res.send(jwks.toString());
    }

    /** The {@code transaction} field of a JSON or form body (SEP-10 allows both). */
    private String signedTransaction(ServerRequest req) {
        byte[] bytes = readBody(req);
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        // Trust the Content-Type; without one, a JSON body is recognisable by its brace.
        boolean form = req.headers().contentType()
                .map(type -> type.mediaType().equals(MediaTypes.APPLICATION_FORM_URLENCODED))
                .orElse(!text.startsWith("{"));
        Optional<String> transaction;
        try {
            transaction = form ? formField(text, "transaction") : jsonField(text, "transaction");
        } catch (IllegalArgumentException e) {
            // URLDecoder's answer to a stray '%'
            throw failures.badRequest("body_malformed", "The body is not valid form encoding.");
        }
        return transaction.filter(t -> !t.isBlank()).orElseThrow(() -> failures.badRequest("transaction_missing",
                "Send the signed challenge as {\"transaction\": \"<base64 XDR>\"} (JSON) or transaction=<base64 XDR> (form)."));
    }

    private Optional<String> jsonField(String text, String name) {
        try {
            JsonNode field = json.readTree(text).path(name);
            return field.isTextual() ? Optional.of(field.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            throw failures.badRequest("body_malformed", "The body is not valid JSON.");
        }
    }

    private static Optional<String> formField(String text, String name) {
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                // Base64 never contains spaces: a '+' the client forgot to percent-encode decodes to one.
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).replace(' ', '+'));
            }
        }
        return Optional.empty();
    }

    private byte[] readBody(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw failures.reject(413, "body_too_large", "The body is larger than " + MAX_BODY_BYTES + " bytes.");
            }
            return bytes;
        } catch (IOException | UncheckedIOException e) {
            throw failures.badRequest("body_unreadable", "The body could not be read (cut short or badly chunked).");
        }
    }

    /** Challenges, tokens and tickets are single-use answers: no cache may keep them. */
    private void sendJson(ServerResponse res, Map<String, Object> body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try {
            res.send(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response of strings and numbers", e);
        }
    }
}
