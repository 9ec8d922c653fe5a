package dev.sorobanbridge.bridge.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import static dev.sorobanbridge.bridge.auth.Tokens.bearer;
import static dev.sorobanbridge.bridge.auth.Wallet.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tickets for EventSource: first use within 30 s, reconnects until the JWT expires, shared by every node. */
class TicketTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private final TestAuthConfig config = new TestAuthConfig();
    private final Wallet wallet = new Wallet();

    @Test
    void aTicketOpensTheStreamAndKeepsWorkingForReconnectsUntilTheJwtExpires() {
        try (AuthServer server = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            String token = wallet.login(server);
            Jwt jwt = SignedJwt.parseToken(token).getJwt();

            HttpResponse<String> issued = server.post("/events/ticket", null, "", "Authorization", bearer(token));
            assertEquals(200, issued.statusCode(), issued.body());
            assertEquals("no-store", issued.headers().firstValue("Cache-Control").orElse(""));
            JsonNode body = AuthServer.json(issued);
            assertEquals(30, body.get("expires_in").asInt());
            String ticket = body.get("ticket").asText();
            assertTrue(ticket.matches("[A-Za-z0-9_.-]+"), "safe in a URL as is: " + ticket);
            assertFalse(ticket.contains(token.split("\\.")[2]), "the ticket does not embed the JWT");

            clock.advance(Duration.ofSeconds(29));
            JsonNode first = AuthServer.json(server.get("/events?ticket=" + ticket));
            assertEquals(wallet.account(), first.get("account").asText());
            assertEquals(jwt.jwtId().orElseThrow(), first.get("sessionId").asText());
            assertEquals(jwt.expirationTime().orElseThrow().getEpochSecond(), first.get("expiresAt").asLong());
            String ticketId = first.get("ticketId").asText();
            assertFalse(ticketId.isBlank());

            // The browser reconnects to the same URL long after the first use: still fine.
            clock.advance(Duration.ofMinutes(20));
            assertEquals(ticketId, AuthServer.json(server.get("/events?ticket=" + ticket)).get("ticketId").asText());

            clock.set(jwt.expirationTime().orElseThrow().minusSeconds(1));
            assertEquals(200, server.get("/events?ticket=" + ticket).statusCode());
            clock.set(jwt.expirationTime().orElseThrow());
            assertError(server.get("/events?ticket=" + ticket), 401, "token_expired");
        }
    }

    @Test
    void eachTicketIsItsOwn() {
        try (AuthServer server = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            String token = wallet.login(server);
            String a = Wallet.ticket(server, token);
            String b = Wallet.ticket(server, token);
            assertNotEquals(a, b);
            assertNotEquals(AuthServer.json(server.get("/events?ticket=" + a)).get("ticketId"),
                    AuthServer.json(server.get("/events?ticket=" + b)).get("ticketId"));
        }
    }

    @Test
    void firstUseIsRememberedAcrossARestart() {
        String used;
        String unused;
        try (AuthServer server = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            String token = wallet.login(server);
            used = Wallet.ticket(server, token);
            unused = Wallet.ticket(server, token);
            assertEquals(200, server.get("/events?ticket=" + used).statusCode());
        }
        clock.advance(Duration.ofSeconds(31));
        try (AuthServer restarted = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            assertEquals(200, restarted.get("/events?ticket=" + used).statusCode(), "a reconnect after the restart works");
            assertError(restarted.get("/events?ticket=" + unused), 401, "ticket_expired");
        }
    }

    @Test
    void twoNodesOnOneStoreAgreeOnFirstUseAndLogout() {
        try (AuthServer a = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir);
             AuthServer b = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            String token = wallet.login(a);
            String ticket = Wallet.ticket(a, token);
            String neverUsed = Wallet.ticket(b, token);
            assertEquals(200, b.get("/events?ticket=" + ticket).statusCode(), "first use on the other node");
            clock.advance(Duration.ofSeconds(31));
            assertEquals(200, a.get("/events?ticket=" + ticket).statusCode(), "the reconnect lands on the first node");
            assertError(a.get("/events?ticket=" + neverUsed), 401, "ticket_expired");

            assertEquals(204, b.delete("/auth", "Authorization", bearer(token)).statusCode());
            assertError(a.get("/events", "Authorization", bearer(token)), 401, "session_revoked");
            assertError(a.get("/events?ticket=" + ticket), 401, "session_revoked");
            assertError(a.post("/events/ticket", null, "", "Authorization", bearer(token)), 401, "session_revoked");
            assertEquals(200, a.get("/events", "Authorization", bearer(wallet.login(b))).statusCode(),
                    "logging out ends one session, not the account");
        }
    }

    @Test
    void aTicketTheStoreHasNeverSeenIsRefused() throws Exception {
        String ticket;
        try (AuthServer server = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            ticket = Wallet.ticket(server, wallet.login(server));
        }
        // Same keys, but a store that was rebuilt (or belongs to another deployment sharing the seed).
        Path otherStore = Files.createDirectories(dir.resolve("other"));
        try (AuthServer other = AuthServer.start(config.build(), TestDatabases.sqlite(otherStore), clock, otherStore)) {
            assertError(other.get("/events?ticket=" + ticket), 401, "ticket_unknown_session");
        }
    }

    @Test
    void aTicketIsOpaqueTheSessionAndAccountCannotBeReadFromIt() {
        try (AuthServer server = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            String token = wallet.login(server);
            String jti = SignedJwt.parseToken(token).getJwt().jwtId().orElseThrow();
            String ticket = Wallet.ticket(server, token);
            String again = Wallet.ticket(server, token);
            // Whatever encoding one tries on the ticket's text, neither the jti nor the account shows.
            String body = ticket.substring(ticket.indexOf('.') + 1).replace(".", "");
            byte[] decoded = Base64.getUrlDecoder().decode(body);
            for (String readable : List.of(ticket, new String(decoded, StandardCharsets.ISO_8859_1))) {
                assertFalse(readable.contains(jti), "the session id is not in the ticket");
                assertFalse(readable.contains(wallet.account()), "the account is not in the ticket");
                assertFalse(readable.contains("\"sid\""), "no claim names in the ticket");
            }
            byte[] jtiBytes = Base64.getUrlDecoder().decode(jti);
            assertFalse(Collections.indexOfSubList(bytes(decoded), bytes(jtiBytes)) >= 0, "nor the jti's raw bytes");
            assertNotEquals(ticket, again, "two tickets of one session look unrelated");
            assertEquals(jti, AuthServer.json(server.get("/events?ticket=" + ticket)).get("sessionId").asText(),
                    "the server still reads it");
        }
    }

    private static List<Byte> bytes(byte[] array) {
        List<Byte> list = new ArrayList<>(array.length);
        for (byte b : array) list.add(b);
        return list;
    }

    @Test
    void theSessionRevocationListForgetsSessionsOnceTheyHaveExpired() {
        try (AuthServer server = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            String token = wallet.login(server);
            String jti = SignedJwt.parseToken(token).getJwt().jwtId().orElseThrow();
            String sessionId = new SessionId(TestAuthConfig.ISSUER, jti).key();
            assertEquals(204, server.delete("/auth", "Authorization", bearer(token)).statusCode());
            Authenticator authenticator = AuthModule.create(config.build(), TestChain.rpc(), TestAuthConfig.LIMITS,
                    TestDatabases.sqlite(dir), server.metrics, clock, dir).authenticator();
            assertTrue(authenticator.isRevoked(sessionId));
            assertFalse(authenticator.isRevoked(new SessionId(TestAuthConfig.ISSUER, "some-other-session").key()));
            // Revocations are keyed by issuer and jti: a dApp issuer's token with the same jti is another session.
            assertFalse(authenticator.isRevoked(new SessionId("https://dapp.example", jti).key()));

            // Once the JWT is past its exp nobody can use it; the next write prunes its row.
            clock.set(Instant.now().plus(Duration.ofHours(2)));
            assertEquals(200, server.post("/events/ticket", null, "", "Authorization",
                    bearer(Tokens.sign(Tokens.claims(clock, TestAuthConfig.ISSUER, wallet.account()), Tokens.serverKey())))
                    .statusCode());
            assertFalse(authenticator.isRevoked(sessionId));
        }
    }
}
