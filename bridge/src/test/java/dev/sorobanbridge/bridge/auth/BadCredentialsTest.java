package dev.sorobanbridge.bridge.auth;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stellar.sdk.KeyPair;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.sorobanbridge.bridge.auth.Tokens.bearer;
import static dev.sorobanbridge.bridge.auth.Wallet.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of bad credentials against one server: each gets a 401 with its own code, is counted in
 * {@code auth_failures_total{reason}}, and a good request right after it still succeeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadCredentialsTest {
    private Path dir;
    private final MutableClock clock = new MutableClock();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Wallet wallet = new Wallet();
    private DataSource db;
    private AuthServer server;

    private record Case(String name, String code, Supplier<HttpResponse<String>> request) {}

    @BeforeAll
    void start(@TempDir Path tempDir) {
        dir = tempDir;
        db = TestDatabases.sqlite(dir);
        TestAuthConfig config = new TestAuthConfig();
        config.allowQueryToken = true;
        server = AuthServer.start(config.build(), db, clock, dir, metrics);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> eachBadCredentialGetsItsOwn401AndTheServerCarriesOn() {
        String issuer = TestAuthConfig.ISSUER;
        List<Case> corpus = List.of(
                new Case("nothing at all", "token_missing", () -> server.get("/events")),
                new Case("empty bearer", "token_malformed", () -> server.get("/events", "Authorization", "Bearer ")),
                new Case("not a bearer scheme", "token_malformed", () -> server.get("/events", "Authorization", "Basic dXNlcjpwYXNz")),
                new Case("garbage token", "token_malformed", () -> server.get("/events", "Authorization", bearer("garbage"))),
                new Case("three garbage parts", "token_malformed", () -> server.get("/events", "Authorization", bearer("a.b.c"))),
                new Case("exp is a string", "token_malformed", () -> server.get("/events", "Authorization",
                        bearer(Tokens.raw("{\"alg\":\"HS256\"}", "{\"iss\":\"" + issuer + "\",\"exp\":\"soon\"}", "AAAA")))),
                new Case("wrong secret, our kid", "token_signature", () -> server.get("/events", "Authorization",
                        bearer(Tokens.sign(Tokens.claims(clock, issuer, wallet.account()),
                                Tokens.hs256(Tokens.serverKey().keyId(), "another-secret-of-at-least-32-bytes-long"))))),
                new Case("payload swapped after signing", "token_signature", () -> server.get("/events", "Authorization",
                        bearer(withPayloadOf(wallet.login(server), new Wallet().login(server))))),
                new Case("unknown kid", "token_key_unknown", () -> server.get("/events", "Authorization",
                        bearer(Tokens.sign(Tokens.claims(clock, issuer, wallet.account()),
                                Tokens.hs256("someone-elses-key", TestAuthConfig.HS256_SECRET))))),
                new Case("alg none", "token_algorithm", () -> server.get("/events", "Authorization",
                        bearer(Tokens.raw("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload(issuer, true), "")))),
                new Case("alg none with our kid", "token_algorithm", () -> server.get("/events", "Authorization",
                        bearer(Tokens.raw("{\"alg\":\"none\",\"kid\":\"" + Tokens.serverKey().keyId() + "\"}",
                                payload(issuer, true), "")))),
                new Case("no alg header", "token_algorithm", () -> server.get("/events", "Authorization",
                        bearer(Tokens.raw("{\"typ\":\"JWT\"}", payload(issuer, true), "AAAA")))),
                new Case("HS512 against our HS256 key", "token_algorithm", () -> server.get("/events", "Authorization",
                        bearer(Tokens.raw("{\"alg\":\"HS512\",\"kid\":\"" + Tokens.serverKey().keyId() + "\"}",
                                payload(issuer, true), "AAAA")))),
                new Case("no exp", "token_no_exp", () -> server.get("/events", "Authorization",
                        bearer(Tokens.sign(Tokens.claims(clock, issuer, wallet.account()).expirationTime(null), Tokens.serverKey())))),
                new Case("no sub", "token_malformed", () -> server.get("/events", "Authorization",
                        bearer(Tokens.sign(Tokens.claims(clock, issuer, null), Tokens.serverKey())))),
                new Case("expired", "token_expired", () -> {
                    String token = wallet.login(server);
                    clock.advance(Duration.ofHours(1).plusSeconds(1));
                    return server.get("/events", "Authorization", bearer(token));
                }),
                new Case("wrong issuer", "token_issuer", () -> server.get("/events", "Authorization",
                        bearer(Tokens.sign(Tokens.claims(clock, "https://evil.example", wallet.account()), Tokens.serverKey())))),
                new Case("no issuer", "token_issuer", () -> server.get("/events", "Authorization",
                        bearer(Tokens.sign(Tokens.claims(clock, null, wallet.account()), Tokens.serverKey())))),
                new Case("oversized", "token_too_large", () -> server.get("/events", "Authorization",
                        bearer(Tokens.sign(Tokens.claims(clock, issuer, wallet.account())
                                .addPayloadClaim("padding", "x".repeat(9000)), Tokens.serverKey())))),
                new Case("forged ticket", "ticket_invalid", () -> server.get("/events?ticket=t1.eyJ0aWQiOiJ4In0.AAAA")),
                new Case("random ticket", "ticket_invalid", () -> server.get("/events?ticket=hello")),
                new Case("ticket with one bit flipped", "ticket_invalid", () -> server.get("/events?ticket="
                        + withBitFlipped(Wallet.ticket(server, wallet.login(server))))),
                new Case("token for another audience", "token_audience", () -> server.get("/events", "Authorization",
                        bearer(Tokens.sign(Tokens.claims(clock, issuer, wallet.account(), "other.example"), Tokens.serverKey())))),
                new Case("token without audience", "token_audience", () -> server.get("/events", "Authorization",
                        bearer(Tokens.sign(Tokens.claims(clock, issuer, wallet.account(), null),
                                Tokens.serverKey())))),
                new Case("token valid for longer than the maximum", "token_lifetime", () -> server.get("/events",
                        "Authorization", bearer(Tokens.sign(Tokens.claims(clock, issuer, wallet.account())
                                .expirationTime(clock.instant().plus(Duration.ofHours(24)).plusSeconds(1)), Tokens.serverKey())))),
                new Case("token without iat valid for longer than the maximum", "token_lifetime", () -> server.get("/events",
                        "Authorization", bearer(Tokens.sign(Tokens.claims(clock, issuer, wallet.account()).issueTime(null)
                                .expirationTime(clock.instant().plus(Duration.ofHours(25))), Tokens.serverKey())))),
                new Case("token issued in the future", "token_issued_in_future", () -> server.get("/events",
                        "Authorization", bearer(Tokens.sign(Tokens.claims(clock, issuer, wallet.account())
                                .issueTime(clock.instant().plusSeconds(60)), Tokens.serverKey())))),
                new Case("query token on the history", "token_query_scope", () -> server.get("/events/history?token="
                        + wallet.login(server))),
                new Case("ticket from another deployment's key", "ticket_invalid", () -> {
                    TestAuthConfig other = new TestAuthConfig();
                    other.signingSeed = new String(KeyPair.random().getSecretSeed());
                    try (AuthServer otherDeployment = AuthServer.start(other.build(), db, clock, dir)) {
                        return server.get("/events?ticket=" + Wallet.ticket(otherDeployment, wallet.login(otherDeployment)));
                    }
                }),
                new Case("ticket not first used within 30 s", "ticket_expired", () -> {
                    String ticket = Wallet.ticket(server, wallet.login(server));
                    clock.advance(Duration.ofSeconds(31));
                    return server.get("/events?ticket=" + ticket);
                }),
                new Case("ticket whose JWT expired", "token_expired", () -> {
                    String ticket = Wallet.ticket(server, wallet.login(server));
                    assertEquals(200, server.get("/events?ticket=" + ticket).statusCode());
                    clock.advance(Duration.ofHours(1));
                    return server.get("/events?ticket=" + ticket);
                }),
                new Case("ticket on another route", "ticket_scope", () -> server.get("/events/history?ticket="
                        + Wallet.ticket(server, wallet.login(server)))),
                new Case("revoked session, bearer", "session_revoked", () -> {
                    String token = wallet.login(server);
                    assertEquals(204, server.delete("/auth", "Authorization", bearer(token)).statusCode());
                    return server.get("/events", "Authorization", bearer(token));
                }),
                new Case("revoked session, ticket already in use", "session_revoked", () -> {
                    String token = wallet.login(server);
                    String ticket = Wallet.ticket(server, token);
                    assertEquals(200, server.get("/events?ticket=" + ticket).statusCode());
                    assertEquals(204, server.delete("/auth", "Authorization", bearer(token)).statusCode());
                    return server.get("/events?ticket=" + ticket);
                }),
                new Case("revoked session, query token", "session_revoked", () -> {
                    String token = wallet.login(server);
                    assertEquals(204, server.delete("/auth", "Authorization", bearer(token)).statusCode());
                    return server.get("/events?token=" + token);
                }),
                new Case("logout twice", "session_revoked", () -> {
                    String token = wallet.login(server);
                    assertEquals(204, server.delete("/auth", "Authorization", bearer(token)).statusCode());
                    return server.delete("/auth", "Authorization", bearer(token));
                }),
                new Case("ticket without a bearer token", "token_missing", () -> server.post("/events/ticket", null, "")),
                new Case("ticket from a ticket", "token_missing", () -> server.post("/events/ticket?ticket="
                        + Wallet.ticket(server, wallet.login(server)), null, "")));
        return corpus.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            assertError(c.request().get(), 401, c.code());
            clock.set(Instant.now());
            assertGoodRequestsStillWork();
            assertTrue(metrics.scrape().contains("auth_failures_total{reason=\"" + c.code() + "\"}"),
                    "counted as auth_failures_total{reason=\"" + c.code() + "\"}");
        }));
    }

    @Test
    void queryTokensWorkWhenAllowedAndAreRefusedWhenSwitchedOff() {
        String token = wallet.login(server);
        assertEquals(200, server.get("/events?token=" + token).statusCode());
        // Only the stream takes a query token: a JWT in any other URL is refused even when they are allowed.
        assertError(server.get("/events/history?token=" + token), 401, "token_query_scope");
        assertEquals(200, server.get("/events/history", "Authorization", bearer(token)).statusCode());

        TestAuthConfig noQueryTokens = new TestAuthConfig(); // the default, as in production
        try (AuthServer strict = AuthServer.start(noQueryTokens.build(), db, clock, dir)) {
            HttpResponse<String> res = strict.get("/events?token=" + token);
            assertError(res, 401, "token_query_disabled");
            assertTrue(AuthServer.json(res).get("message").asText().contains("disabled"));
            assertEquals(200, strict.get("/events", "Authorization", bearer(token)).statusCode());
            assertEquals(200, strict.get("/events?ticket=" + Wallet.ticket(strict, token)).statusCode());
        }
    }

    private void assertGoodRequestsStillWork() {
        String token = wallet.login(server);
        HttpResponse<String> byBearer = server.get("/events", "Authorization", bearer(token));
        assertEquals(200, byBearer.statusCode(), byBearer.body());
        assertEquals(wallet.account(), AuthServer.json(byBearer).get("account").asText());
        HttpResponse<String> byTicket = server.get("/events?ticket=" + Wallet.ticket(server, token));
        assertEquals(200, byTicket.statusCode(), byTicket.body());
    }

    private String payload(String issuer, boolean withExp) {
        long now = clock.instant().getEpochSecond();
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"" + wallet.account() + "\",\"jti\":\"x\""
                + (withExp ? ",\"exp\":" + (now + 3600) : "") + "}";
    }

    /** {@code signedBy}'s header and signature around {@code payloadFrom}'s claims. */
    private static String withPayloadOf(String signedBy, String payloadFrom) {
        String[] a = signedBy.split("\\.");
        return a[0] + "." + payloadFrom.split("\\.")[1] + "." + a[2];
    }

    /** The same ticket with one bit of its sealed claims changed (as if trying to alter the account in it). */
    private static String withBitFlipped(String ticket) {
        String prefix = ticket.substring(0, ticket.indexOf('.') + 1);
        byte[] sealed = Base64.getUrlDecoder().decode(ticket.substring(prefix.length()));
        sealed[sealed.length / 2] ^= 1;
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }
}
