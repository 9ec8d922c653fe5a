package dev.sorobanbridge.bridge.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tickets let a browser's {@code EventSource} (which cannot send headers) open {@code GET /events}.
 * A ticket must be used first within its TTL; after that it keeps working for the reconnects of
 * that stream (the browser reuses the same URL) until the JWT it came from expires. The first use
 * is recorded in the shared store, so every node and a restarted node agree on it.
 */
final class Tickets {
    /** Tickets are a few hundred characters; anything much longer is not one of ours. */
    private static final int MAX_TICKET_CHARS = 2048;

    private final TicketCodec codec;
    private final AuthStore store;
    private final Duration ttl;
    private final Clock clock;
    private final AuthFailures failures;

    Tickets(TicketCodec codec, AuthStore store, Duration ttl, Clock clock, AuthFailures failures) {
        this.codec = codec;
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
        this.failures = failures;
    }

    Duration ttl() {
        return ttl;
    }

    /** A new ticket for the session behind {@code principal}. */
    String issue(Principal principal) {
        Instant now = clock.instant();
        TicketClaims claims = new TicketClaims(RandomIds.next(), principal.account(), principal.sessionId(),
                principal.expiresAt(), now, principal.admin());
        store.recordTicket(claims.ticketId(), claims.sessionId(), now, claims.sessionExpiresAt());
        return codec.encode(claims);
    }

    /** @return the principal the ticket stands for (with its ticket id), or throws a 401 saying why not */
    Principal redeem(String ticket) {
        TicketClaims claims = (ticket.length() > MAX_TICKET_CHARS ? null : codec.decode(ticket).orElse(null));
        if (claims == null) {
            throw failures.unauthorized("ticket_invalid", "The ticket is not valid; request a new one with POST /events/ticket.");
        }
        Instant now = clock.instant();
        if (!now.isBefore(claims.sessionExpiresAt())) {
            throw failures.unauthorized("token_expired", "The login behind this ticket has expired; log in again and"
                    + " request a new ticket.");
        }
        if (store.isRevoked(SessionId.parse(claims.sessionId()))) {
            throw failures.unauthorized("session_revoked", "The session behind this ticket was logged out.");
        }
        boolean firstUseAllowed = !now.isAfter(claims.issuedAt().plus(ttl));
        switch (store.useTicket(claims.ticketId(), now, firstUseAllowed)) {
            case FIRST_USE, REUSE -> { }
            case TOO_LATE -> throw failures.unauthorized("ticket_expired", "The ticket was not used within "
                    + ttl.toSeconds() + " s of being issued; request a new one with POST /events/ticket.");
            case UNKNOWN -> throw failures.unauthorized("ticket_unknown_session", "This ticket's session is not known"
                    + " to this deployment's store; request a new ticket with POST /events/ticket.");
        }
        return new Principal(claims.account(), claims.sessionId(), claims.sessionExpiresAt(), claims.admin(),
                claims.ticketId());
    }
}
