package dev.sorobanbridge.bridge.support;

import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.http.ApiException;
import dev.sorobanbridge.bridge.server.Authentication;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the auth module with the same contract: ticket ({@code ?ticket=}), bearer header or
 * {@code ?token=}, else 401; revocation by session id.
 */
public final class TestAuth {
    private final Map<String, Principal> tokens = new ConcurrentHashMap<>();
    private final Map<String, Principal> tickets = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger counter = new AtomicInteger();

    public String token(String account) {
        return token(account, Instant.now().plusSeconds(3600), false);
    }

    public String token(String account, Instant expiresAt, boolean admin) {
        int n = counter.incrementAndGet();
        String token = "secret-token-" + n;
        tokens.put(token, new Principal(account, "session-" + n, expiresAt, admin, null));
        return token;
    }

    /** A ticket whose streams carry the ticket id (one stream per ticket). */
    public String ticket(String account) {
        int n = counter.incrementAndGet();
        String ticket = "secret-ticket-" + n;
        tickets.put(ticket, new Principal(account, "session-" + n, Instant.now().plusSeconds(3600), false, "ticket-id-" + n));
        return ticket;
    }

    public String sessionOf(String tokenOrTicket) {
        Principal p = tokens.containsKey(tokenOrTicket) ? tokens.get(tokenOrTicket) : tickets.get(tokenOrTicket);
        return p.sessionId();
    }

    public void revoke(String sessionId) {
        revoked.add(sessionId);
    }

    public Principal authenticate(ServerRequest req) {
        String ticket = req.query().first("ticket").orElse(null);
        if (ticket != null) return known(tickets.get(ticket));
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (header != null && header.startsWith("Bearer ")) return known(tokens.get(header.substring(7)));
        String token = req.query().first("token").orElse(null);
        if (FAILING_TOKEN.equals(token)) throw new IllegalStateException("the session store failed");
        if (token != null) return known(tokens.get(token));
        throw ApiException.unauthorized("missing_credentials", "Send a ticket, a bearer token or a token parameter.");
    }

    /** A token whose check fails unexpectedly, as a broken auth store would. */
    public static final String FAILING_TOKEN = "secret-token-that-breaks-the-store";

    private Principal known(Principal p) {
        if (p == null || revoked.contains(p.sessionId())) {
            throw ApiException.unauthorized("invalid_credentials", "The credentials are not valid.");
        }
        return p;
    }

    public Authentication authentication() {
        return new Authentication(this::authenticate, revoked::contains, routing -> { });
    }
}
