package dev.sorobanbridge.bridge.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.testsupport.MutableClock;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Transaction;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.sorobanbridge.bridge.auth.Wallet.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Sep10LoginTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private DataSource db;
    private AuthServer server;

    @BeforeEach
    void start() {
        db = TestDatabases.sqlite(dir);
        server = AuthServer.start(new TestAuthConfig().build(), db, clock, dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void walletLogsInAndGetsAJwtWithSep10Claims() throws Exception {
        Wallet wallet = new Wallet();
        HttpResponse<String> challengeRes = server.get("/auth?account=" + wallet.account());
        assertEquals(200, challengeRes.statusCode(), challengeRes.body());
        JsonNode challenge = AuthServer.json(challengeRes);
        assertEquals(TestAuthConfig.NETWORK, challenge.get("network_passphrase").asText());
        Transaction tx = (Transaction) Transaction.fromEnvelopeXdr(challenge.get("transaction").asText(),
                new Network(TestAuthConfig.NETWORK));
        assertEquals(KeyPair.fromSecretSeed(TestAuthConfig.SEED).getAccountId(), tx.getSourceAccount());
        assertEquals(0, tx.getSequenceNumber());
        assertEquals(1, tx.getSignatures().size(), "the server signs its challenge");

        HttpResponse<String> tokenRes = Wallet.postJson(server, wallet.sign(challenge.get("transaction").asText()));
        assertEquals(200, tokenRes.statusCode(), tokenRes.body());
        assertEquals("no-store", tokenRes.headers().firstValue("Cache-Control").orElse(""));
        String token = AuthServer.json(tokenRes).get("token").asText();

        Jwt jwt = SignedJwt.parseToken(token).getJwt();
        assertEquals(TestAuthConfig.ISSUER, jwt.issuer().orElseThrow());
        assertEquals(wallet.account(), jwt.subject().orElseThrow());
        Instant iat = jwt.issueTime().orElseThrow();
        assertEquals(clock.instant().truncatedTo(ChronoUnit.SECONDS), iat);
        assertEquals(iat.plus(Duration.ofHours(1)), jwt.expirationTime().orElseThrow());
        assertFalse(jwt.jwtId().orElseThrow().isBlank());
        assertTrue(jwt.payloadClaim("roles").isEmpty(), "only admin accounts get roles");
        assertEquals("HS256", jwt.algorithm().orElseThrow());

        JsonNode me = AuthServer.json(server.get("/events", "Authorization", "Bearer " + token));
        assertEquals(wallet.account(), me.get("account").asText());
        assertEquals(jwt.jwtId().orElseThrow(), me.get("sessionId").asText());
        assertFalse(me.get("admin").asBoolean());
    }

    @Test
    void twoLoginsGetDistinctSessions() {
        Wallet wallet = new Wallet();
        String first = wallet.login(server);
        String second = wallet.login(server);
        assertNotEquals(SignedJwt.parseToken(first).getJwt().jwtId(), SignedJwt.parseToken(second).getJwt().jwtId());
    }

    @Test
    void acceptsTheSignedChallengeAsAFormBody() {
        Wallet wallet = new Wallet();
        String signed = wallet.sign(wallet.challenge(server));
        HttpResponse<String> res = server.post("/auth", "application/x-www-form-urlencoded",
                "transaction=" + URLEncoder.encode(signed, StandardCharsets.UTF_8));
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(AuthServer.json(res).get("token").asText().split("\\.").length == 3);

        // Careless clients leave '+' unencoded; base64 never has spaces, so it still works.
        String raw = wallet.sign(wallet.challenge(server));
        res = server.post("/auth", "application/x-www-form-urlencoded", "transaction=" + raw);
        assertEquals(200, res.statusCode(), res.body());
    }

    @Test
    void adminAccountsGetTheAdminRole() {
        Wallet admin = new Wallet();
        TestAuthConfig config = new TestAuthConfig();
        config.adminAccounts.add(admin.account());
        try (AuthServer adminServer = AuthServer.start(config.build(), db, clock, dir)) {
            String token = admin.login(adminServer);
            JsonArray roles = SignedJwt.parseToken(token).getJwt().payloadClaim("roles").orElseThrow().asJsonArray();
            assertEquals("admin", roles.getString(0));
            assertTrue(AuthServer.json(adminServer.get("/events", "Authorization", "Bearer " + token)).get("admin").asBoolean());
        }
    }

    @Test
    void rejectsBadLoginsAndKeepsServingGoodOnes() {
        Wallet wallet = new Wallet();

        assertError(server.get("/auth"), 400, "account_missing");
        assertError(server.get("/auth?account=GBAD"), 400, "account_invalid");
        assertError(server.get("/auth?account=" + wallet.account().toLowerCase()), 400, "account_invalid");
        assertError(server.get("/auth?account=" + TestAuthConfig.SEED), 400, "account_invalid");
        assertGoodLoginStillWorks(wallet);

        // signed by someone else than the account
        String challenge = wallet.challenge(server);
        assertError(Wallet.postJson(server, Wallet.sign(challenge, KeyPair.random())), 401, "challenge_signature");
        assertGoodLoginStillWorks(wallet);

        // signed by the account and by a stranger
        String doublySigned = Wallet.sign(wallet.sign(wallet.challenge(server)), KeyPair.random());
        assertError(Wallet.postJson(server, doublySigned), 401, "challenge_signature");
        assertGoodLoginStillWorks(wallet);

        // not signed at all
        assertError(Wallet.postJson(server, wallet.challenge(server)), 401, "challenge_signature");
        assertGoodLoginStillWorks(wallet);

        // garbage instead of XDR
        assertError(Wallet.postJson(server, "not-xdr!!"), 400, "transaction_malformed");
        assertError(Wallet.postJson(server, "AAAA"), 400, "transaction_malformed");
        assertGoodLoginStillWorks(wallet);

        // no transaction, broken JSON, oversized body
        assertError(server.post("/auth", "application/json", "{\"tx\":\"x\"}"), 400, "transaction_missing");
        assertError(server.post("/auth", "application/json", "{\"transaction\":"), 400, "body_malformed");
        assertError(server.post("/auth", "application/x-www-form-urlencoded", "other=1"), 400, "transaction_missing");
        assertError(server.post("/auth", "application/json", "{\"transaction\":\"" + "A".repeat(20_000) + "\"}"),
                413, "body_too_large");
        assertGoodLoginStillWorks(wallet);
    }

    @Test
    void rejectsExpiredChallenges() {
        Wallet wallet = new Wallet();
        // Expired by our clock: the challenge TTL (5 min) has passed since it was issued.
        String challenge = wallet.challenge(server);
        clock.advance(Duration.ofMinutes(6));
        assertError(Wallet.postJson(server, wallet.sign(challenge)), 401, "challenge_expired");

        // Expired by the wall clock too (what the SDK checks): issued an hour ago.
        clock.set(Instant.now().minus(Duration.ofHours(1)));
        challenge = wallet.challenge(server);
        clock.set(Instant.now());
        assertError(Wallet.postJson(server, wallet.sign(challenge)), 401, "challenge_expired");

        assertFalse(wallet.login(server).isBlank());
    }

    @Test
    void rejectsChallengesForAnotherDomainOrFromAnotherServer() {
        Wallet wallet = new Wallet();
        TestAuthConfig otherDomain = new TestAuthConfig();
        otherDomain.homeDomain = "other.example";
        try (AuthServer sameKeyOtherDomain = AuthServer.start(otherDomain.build(), db, clock, dir)) {
            String signed = wallet.sign(wallet.challenge(sameKeyOtherDomain));
            assertError(Wallet.postJson(server, signed), 401, "challenge_domain");
        }
        TestAuthConfig otherKey = new TestAuthConfig();
        otherKey.signingSeed = new String(KeyPair.random().getSecretSeed());
        try (AuthServer otherServer = AuthServer.start(otherKey.build(), db, clock, dir)) {
            String signed = wallet.sign(wallet.challenge(otherServer));
            assertError(Wallet.postJson(server, signed), 401, "challenge_not_ours");
        }
        assertFalse(wallet.login(server).isBlank());
        assertTrue(server.metrics.find("auth.failures").tag("reason", "challenge_domain").counter().count() >= 1);
    }

    @Test
    void generatesAndKeepsTheServerKeyAndJwtSecretWhenNotConfigured() throws Exception {
        Path keysDir = dir.resolve("data");
        TestAuthConfig config = new TestAuthConfig();
        config.signingSeed = "";
        config.hs256Secret = "";
        List<LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Wallet wallet = new Wallet();
        String token;
        String serverAccount;
        try (AuthServer first = AuthServer.start(config.build(), db, clock, keysDir)) {
            token = wallet.login(first);
            serverAccount = challengeSource(first, wallet);
        } finally {
            root.removeHandler(capture);
        }
        assertEquals(2, warnings.size(), "one warning per generated secret: " + warnings);
        String seed = Files.readString(keysDir.resolve("sep10-signing-seed")).strip();
        String secret = Files.readString(keysDir.resolve("jwt-hs256-secret")).strip();
        assertEquals(KeyPair.fromSecretSeed(seed).getAccountId(), serverAccount);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir.resolve("sep10-signing-seed"))));
        for (LogRecord w : warnings) {
            assertFalse(w.getMessage().contains(seed) || w.getMessage().contains(secret), "a warning leaked a secret");
            assertTrue(w.getMessage().contains("auth.signing-seed") || w.getMessage().contains("auth.jwt.hs256-secret"));
        }

        try (AuthServer restarted = AuthServer.start(config.build(), db, clock, keysDir)) {
            assertEquals(serverAccount, challengeSource(restarted, wallet), "a restart keeps the server key");
            assertEquals(200, restarted.get("/events", "Authorization", "Bearer " + token).statusCode(),
                    "a restart keeps accepting the tokens it issued");
        }
    }

    private void assertGoodLoginStillWorks(Wallet wallet) {
        String token = wallet.login(server);
        assertEquals(200, server.get("/events", "Authorization", "Bearer " + token).statusCode());
    }

    private static String challengeSource(AuthServer server, Wallet wallet) throws Exception {
        Transaction tx = (Transaction) Transaction.fromEnvelopeXdr(wallet.challenge(server), new Network(TestAuthConfig.NETWORK));
        return tx.getSourceAccount();
    }
}
