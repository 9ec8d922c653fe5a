package dev.sorobanbridge.bridge.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.simulator.SimulatedAccount;
import io.helidon.security.jwt.SignedJwt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stellar.sdk.KeyPair;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static dev.sorobanbridge.bridge.auth.Wallet.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SEP-10 as the spec has it, against the simulated RPC's accounts: an existing account's signers and
 * medium threshold decide, its master key alone only when it has the weight; an account that does
 * not exist logs in with its own key; an unreachable RPC is a 503; a challenge logs in once, on any
 * node sharing the store.
 */
class Sep10SignersTest {
    private final MutableClock clock = new MutableClock();
    @TempDir
    Path dir;

    @Test
    void aMultisigAccountLogsInOnceItsSignaturesReachTheMediumThreshold() {
        KeyPair account = KeyPair.random();
        KeyPair cosigner = KeyPair.random();
        KeyPair third = KeyPair.random();
        TestChain.simulator().putAccount(new SimulatedAccount(account.getAccountId(), 1, 0, 2, 3,
                Map.of(cosigner.getAccountId(), 1, third.getAccountId(), 1)));
        try (AuthServer server = AuthServer.start(new TestAuthConfig().build(), TestDatabases.sqlite(dir), clock, dir)) {
            Wallet wallet = new Wallet(account);
            assertError(Wallet.postJson(server, wallet.sign(wallet.challenge(server))), 401, "challenge_threshold");
            assertError(Wallet.postJson(server, Wallet.sign(wallet.challenge(server), cosigner)), 401, "challenge_threshold");

            String both = Wallet.sign(Wallet.sign(wallet.challenge(server), account), cosigner);
            HttpResponse<String> res = Wallet.postJson(server, both);
            assertEquals(200, res.statusCode(), res.body());
            assertEquals(account.getAccountId(), subject(res));
            String cosigners = Wallet.sign(Wallet.sign(wallet.challenge(server), cosigner), third);
            assertEquals(account.getAccountId(), subject(Wallet.postJson(server, cosigners)), "any signers that reach it");
            assertError(Wallet.postJson(server, Wallet.sign(both, KeyPair.random())), 401, "challenge_signature");
        }
    }

    @Test
    void anAccountWhoseMasterKeyIsDisabledCannotLogInWithIt() {
        KeyPair account = KeyPair.random();
        KeyPair signer = KeyPair.random();
        TestChain.simulator().putAccount(new SimulatedAccount(account.getAccountId(), 0, 1, 1, 1,
                Map.of(signer.getAccountId(), 1)));
        try (AuthServer server = AuthServer.start(new TestAuthConfig().build(), TestDatabases.sqlite(dir), clock, dir)) {
            Wallet wallet = new Wallet(account);
            assertError(Wallet.postJson(server, wallet.sign(wallet.challenge(server))), 401, "challenge_signature");
            HttpResponse<String> res = Wallet.postJson(server, Wallet.sign(wallet.challenge(server), signer));
            assertEquals(200, res.statusCode(), res.body());
            assertEquals(account.getAccountId(), subject(res), "the signer logs in as the account");
        }
    }

    @Test
    void anAccountThatDoesNotExistLogsInWithItsOwnKeyAndAnExistingOneWithItsMasterKey() {
        KeyPair basic = KeyPair.random();
        TestChain.simulator().putAccount(SimulatedAccount.basic(basic.getAccountId()));
        try (AuthServer server = AuthServer.start(new TestAuthConfig().build(), TestDatabases.sqlite(dir), clock, dir)) {
            Wallet absent = new Wallet();
            assertEquals(absent.account(), subject(Wallet.postJson(server, absent.sign(absent.challenge(server)))));
            Wallet existing = new Wallet(basic);
            assertEquals(basic.getAccountId(), subject(Wallet.postJson(server, existing.sign(existing.challenge(server)))));
        }
    }

    @Test
    void anUnreachableRpcIsA503NotA500() {
        try (AuthServer server = AuthServer.start(new TestAuthConfig().build(), TestChain.unreachable(),
                TestDatabases.sqlite(dir), clock, dir, new SimpleMeterRegistry())) {
            Wallet wallet = new Wallet();
            HttpResponse<String> res = Wallet.postJson(server, wallet.sign(wallet.challenge(server)));
            assertError(res, 503, "rpc_unavailable");
            assertEquals("5", res.headers().firstValue("Retry-After").orElse(null));
        }
    }

    @Test
    void aChallengeLogsInOnceOnEveryNodeSharingTheStoreAndIsForgottenAfterItsMaxTime() throws SQLException {
        DataSource store = TestDatabases.sqlite(dir);
        TestAuthConfig config = new TestAuthConfig();
        try (AuthServer a = AuthServer.start(config.build(), store, clock, dir);
             AuthServer b = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            Wallet wallet = new Wallet();
            String signed = wallet.sign(wallet.challenge(a));
            assertEquals(200, Wallet.postJson(a, signed).statusCode());
            assertError(Wallet.postJson(b, signed), 401, "challenge_used");
            assertError(Wallet.postJson(a, signed), 401, "challenge_used");
            // Signed again by the same key, it is still the same challenge (same transaction hash).
            assertError(Wallet.postJson(b, wallet.sign(signed)), 401, "challenge_signature");
            assertEquals(1, usedChallenges(store));

            // After its maxTime (5 min) it is refused as expired anyway: the next write prunes it.
            clock.advance(Duration.ofMinutes(11));
            assertEquals(200, b.post("/events/ticket", null, "", "Authorization", "Bearer "
                    + Tokens.sign(Tokens.claims(clock, TestAuthConfig.ISSUER, wallet.account()), Tokens.serverKey())).statusCode());
            assertEquals(0, usedChallenges(store));
            assertError(Wallet.postJson(a, signed), 401, "challenge_expired");
        }
    }

    private static int usedChallenges(DataSource store) throws SQLException {
        try (Connection c = store.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM auth_used_challenges")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String subject(HttpResponse<String> res) {
        assertEquals(200, res.statusCode(), res.body());
        JsonNode body = AuthServer.json(res);
        return SignedJwt.parseToken(body.get("token").asText()).getJwt().subject().orElseThrow();
    }
}
