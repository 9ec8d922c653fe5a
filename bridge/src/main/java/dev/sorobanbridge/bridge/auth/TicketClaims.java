package dev.sorobanbridge.bridge.auth;

import java.time.Instant;

/**
 * What a ticket carries, signed: enough to open a stream without the JWT it was issued from.
 *
 * @param sessionExpiresAt the JWT's {@code exp}: after first use the ticket works until then
 * @param issuedAt         the first use must come within the ticket TTL of this instant
 */
record TicketClaims(String ticketId, String account, String sessionId, Instant sessionExpiresAt,
                    Instant issuedAt, boolean admin) {}
