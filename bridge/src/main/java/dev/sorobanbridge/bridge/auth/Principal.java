package dev.sorobanbridge.bridge.auth;

import java.time.Instant;

/**
 * Who is behind a request, once their credentials checked out.
 *
 * @param account   the wallet's account (G… strkey), the JWT {@code sub}
 * @param sessionId the JWT {@code jti}; revoking it revokes its tickets and streams
 * @param expiresAt the JWT {@code exp}: streams close with {@code token-expired} at this instant
 * @param admin     may read {@code /events/stats}
 * @param ticketId  the ticket used to open this stream, or null for bearer/query tokens; one ticket
 *                  never holds two streams at once
 */
public record Principal(String account, String sessionId, Instant expiresAt, boolean admin, String ticketId) {}
