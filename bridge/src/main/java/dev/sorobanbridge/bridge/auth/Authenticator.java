package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.bridge.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/**
 * Finds out who is behind a request to {@code /events} or {@code /events/history}: a ticket
 * ({@code ?ticket=}, for {@code GET /events} only), an {@code Authorization: Bearer} JWT, or a
 * {@code ?token=} JWT when the server allows query tokens (off by default, and then for
 * {@code GET /events} only: a JWT in any other URL would outlive the stream in logs and history). Every failure is an {@link ApiException}
 * (401 with a stable code, or 503 when the session store is down). Never logs a credential.
 */
public final class Authenticator {
    /** The only route a ticket opens (tickets are scoped to the stream: docs/design.md#tickets). */
    static final String STREAM_PATH = "/events";

    private final JwtVerifier verifier;
    private final Tickets tickets;
    private final AuthStore store;
    private final boolean allowQueryToken;
    private final AuthFailures failures;

    Authenticator(JwtVerifier verifier, Tickets tickets, AuthStore store, boolean allowQueryToken, AuthFailures failures) {
        this.verifier = verifier;
        this.tickets = tickets;
        this.store = store;
        this.allowQueryToken = allowQueryToken;
        this.failures = failures;
    }

    /**
     * @return who sent the request; {@link Principal#ticketId()} is set when a ticket opened it
     * @throws ApiException 401 for missing or bad credentials, 503 when the session store is down
     */
    public Principal authenticate(ServerRequest req) {
        Optional<String> ticket = req.query().first("ticket").asOptional();
        if (ticket.isPresent()) {
            if (!isStream(req)) {
                throw failures.unauthorized("ticket_scope", "Tickets open GET /events only; send the JWT as"
                        + " Authorization: Bearer for this request.");
            }
            return tickets.redeem(ticket.get());
        }
        if (req.headers().contains(HeaderNames.AUTHORIZATION)) {
            return bearer(req);
        }
        Optional<String> queryToken = req.query().first("token").asOptional();
        if (queryToken.isPresent()) {
            if (!allowQueryToken) {
                throw failures.unauthorized("token_query_disabled", "Tokens in the query string are disabled on this"
                        + " server; send Authorization: Bearer <JWT>, or use a ticket from POST /events/ticket.");
            }
            if (!isStream(req)) {
                throw failures.unauthorized("token_query_scope", "A token in the query string opens GET /events only;"
                        + " send Authorization: Bearer <JWT> for this request.");
            }
            return checked(verifier.verify(queryToken.get()));
        }
        throw failures.unauthorized("token_missing", "Log in first: send Authorization: Bearer <JWT>, or ?ticket= from"
                + " POST /events/ticket.");
    }

    /**
     * Whether a session was logged out; streams call this now and then to close revoked streams.
     *
     * @throws ApiException 503 when the session store cannot be reached
     */
    public boolean isRevoked(String sessionId) {
        return store.isRevoked(SessionId.parse(sessionId));
    }

    private static boolean isStream(ServerRequest req) {
        return req.prologue().method().equals(Method.GET) && req.path().path().equals(STREAM_PATH);
    }

    /** The principal behind an {@code Authorization: Bearer} JWT (the only credential that mints tickets or logs out). */
    Principal bearer(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (header.isBlank()) {
            throw failures.unauthorized("token_missing", "Send Authorization: Bearer <JWT> (log in with GET/POST /auth).");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw failures.unauthorized("token_malformed", "The Authorization header must be \"Bearer <JWT>\".");
        }
        return checked(verifier.verify(header.substring(7).strip()));
    }

    private Principal checked(Principal principal) {
        if (store.isRevoked(SessionId.parse(principal.sessionId()))) {
            throw failures.unauthorized("session_revoked", "This session was logged out; log in again.");
        }
        return principal;
    }
}
