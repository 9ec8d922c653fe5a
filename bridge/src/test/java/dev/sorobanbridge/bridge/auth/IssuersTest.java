package dev.sorobanbridge.bridge.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.Secret;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkEC;
import io.helidon.security.jwt.jwk.JwkKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import static dev.sorobanbridge.bridge.auth.Tokens.bearer;
import static dev.sorobanbridge.bridge.auth.Wallet.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our own keys (HS256, ES256 with jwks.json) and the external issuers whose tokens we accept. */
class IssuersTest {
    private static final String DAPP = "https://dapp.example";
    private static final String DAPP_SECRET = "the-dapp-backend-shares-this-secret-with-us";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private final TestAuthConfig config = new TestAuthConfig();
    private final Wallet wallet = new Wallet();

    @Test
    void acceptsTokensFromAConfiguredHs256IssuerWithOrWithoutKid() {
        config.externalIssuers.add(new AppConfig.ExternalIssuer(DAPP, new Secret(DAPP_SECRET), null, null));
        try (AuthServer server = start()) {
            String noKid = Tokens.sign(Tokens.claims(clock, DAPP, wallet.account()), Tokens.hs256(null, DAPP_SECRET), false);
            JsonNode me = AuthServer.json(server.get("/events", "Authorization", bearer(noKid)));
            assertEquals(wallet.account(), me.get("account").asText());
            assertEquals(SignedJwt.parseToken(noKid).getJwt().jwtId().orElseThrow(), me.get("sessionId").asText());

            String theirKid = Tokens.sign(Tokens.claims(clock, DAPP, wallet.account()), Tokens.hs256("backend-2024", DAPP_SECRET));
            assertEquals(200, server.get("/events", "Authorization", bearer(theirKid)).statusCode());
            assertEquals(200, server.get("/events?ticket=" + Wallet.ticket(server, theirKid)).statusCode());

            // Without a jti the token itself is the session: logging out still ends exactly it.
            String noJti = Tokens.sign(Tokens.claims(clock, DAPP, wallet.account()).jwtId(null), Tokens.hs256(null, DAPP_SECRET), false);
            assertTrue(AuthServer.json(server.get("/events", "Authorization", bearer(noJti))).get("sessionId").asText().startsWith("sha256:"));
            assertEquals(204, server.delete("/auth", "Authorization", bearer(noJti)).statusCode());
            assertError(server.get("/events", "Authorization", bearer(noJti)), 401, "session_revoked");

            String forged = Tokens.sign(Tokens.claims(clock, DAPP, wallet.account()),
                    Tokens.hs256(null, "not-the-dapp-secret-but-long-enough-anyway"), false);
            assertError(server.get("/events", "Authorization", bearer(forged)), 401, "token_signature");
            String ourIssuerTheirKey = Tokens.sign(Tokens.claims(clock, TestAuthConfig.ISSUER, wallet.account()),
                    Tokens.hs256(null, DAPP_SECRET), false);
            assertError(server.get("/events", "Authorization", bearer(ourIssuerTheirKey)), 401, "token_signature");
            assertEquals(200, server.get("/events", "Authorization", bearer(wallet.login(server))).statusCode());
        }
    }

    @Test
    void acceptsTokensFromAnIssuerKnownByItsJwksFile() throws Exception {
        KeyPair dappKey = ecKeyPair();
        JwkEC publicJwk = JwkEC.builder().publicKey((ECPublicKey) dappKey.getPublic()).algorithm("ES256").keyId("k").build();
        JwkEC signing = JwkEC.builder().privateKey((ECPrivateKey) dappKey.getPrivate())
                .publicKey((ECPublicKey) dappKey.getPublic()).algorithm("ES256").keyId("k").build();
        Path jwks = dir.resolve("dapp-jwks.json");
        // A JWK Set as dApps publish it: no kid, no alg on the key.
        Files.writeString(jwks, "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + coordinate(publicJwk, "x")
                + "\",\"y\":\"" + coordinate(publicJwk, "y") + "\"}]}");
        config.externalIssuers.add(new AppConfig.ExternalIssuer(DAPP, null, jwks, null));
        try (AuthServer server = start()) {
            String token = Tokens.sign(Tokens.claims(clock, DAPP, wallet.account()), signing, false);
            assertEquals(wallet.account(), AuthServer.json(server.get("/events", "Authorization", bearer(token))).get("account").asText());

            String unknownKid = Tokens.sign(Tokens.claims(clock, DAPP, wallet.account()), signing, true);
            assertError(server.get("/events", "Authorization", bearer(unknownKid)), 401, "token_key_unknown");
            String otherKey = Tokens.sign(Tokens.claims(clock, DAPP, wallet.account()), JwkEC.builder()
                    .privateKey((ECPrivateKey) ecKeyPair().getPrivate()).algorithm("ES256").keyId("k").build(), false);
            assertError(server.get("/events", "Authorization", bearer(otherKey)), 401, "token_signature");
            String hsWithTheirIssuer = Tokens.sign(Tokens.claims(clock, DAPP, wallet.account()), Tokens.hs256(null, DAPP_SECRET), false);
            assertError(server.get("/events", "Authorization", bearer(hsWithTheirIssuer)), 401, "token_algorithm");
        }
    }

    @Test
    void es256IssuesTokensAnyoneCanCheckWithThePublishedJwks() throws Exception {
        KeyPair key = ecKeyPair();
        config.es256PrivateKey = writePem(dir.resolve("jwt.key"), "PRIVATE KEY", key.getPrivate().getEncoded());
        config.es256PublicKey = writePem(dir.resolve("jwt.pub"), "PUBLIC KEY", key.getPublic().getEncoded());
        config.hs256Secret = "";
        try (AuthServer server = start()) {
            String token = wallet.login(server);
            Jwt jwt = SignedJwt.parseToken(token).getJwt();
            assertEquals("ES256", jwt.algorithm().orElseThrow());

            HttpResponse<String> res = server.get("/.well-known/jwks.json");
            assertEquals(200, res.statusCode());
            JsonNode published = AuthServer.json(res).get("keys");
            assertEquals(1, published.size());
            assertEquals(jwt.keyId().orElseThrow(), published.get(0).get("kid").asText());
            assertEquals("sig", published.get(0).get("use").asText());
            assertFalse(published.get(0).has("d"), "never the private part");

            // What a third party does with the published key set.
            JwkKeys keys = JwkKeys.create(Json.createReader(new StringReader(res.body())).readObject());
            assertTrue(SignedJwt.parseToken(token).verifySignature(keys).isValid());
            assertEquals(200, server.get("/events", "Authorization", bearer(token)).statusCode());

            // "alg confusion": an HS256 token keyed with our public EC key must not pass.
            String confused = Tokens.raw("{\"alg\":\"HS256\",\"kid\":\"" + jwt.keyId().orElseThrow() + "\"}",
                    "{\"iss\":\"" + TestAuthConfig.ISSUER + "\",\"sub\":\"" + wallet.account() + "\",\"exp\":"
                            + (clock.instant().getEpochSecond() + 600) + "}", "AAAA");
            assertError(server.get("/events", "Authorization", bearer(confused)), 401, "token_algorithm");
        }
    }

    @Test
    void anHs256NodePublishesNoKeys() {
        try (AuthServer server = start()) {
            HttpResponse<String> res = server.get("/.well-known/jwks.json");
            assertEquals(200, res.statusCode());
            assertEquals(0, AuthServer.json(res).get("keys").size());
            assertFalse(res.body().contains(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(TestAuthConfig.HS256_SECRET.getBytes())));
        }
    }

    @Test
    void unusableKeyConfigurationStopsStartUpWithASentenceNamingTheKey() throws Exception {
        TestAuthConfig shortSecret = new TestAuthConfig();
        shortSecret.hs256Secret = "short";
        assertStartupFails(shortSecret, "auth.jwt.hs256-secret must be at least 32 bytes");

        TestAuthConfig badSeed = new TestAuthConfig();
        badSeed.signingSeed = "SNOTASEED";
        assertStartupFails(badSeed, "auth.signing-seed is not a Stellar secret seed");

        TestAuthConfig sec1 = new TestAuthConfig();
        sec1.es256PrivateKey = writePem(dir.resolve("sec1.key"), "EC PRIVATE KEY", new byte[]{1, 2, 3});
        sec1.es256PublicKey = writePem(dir.resolve("any.pub"), "PUBLIC KEY", ecKeyPair().getPublic().getEncoded());
        assertStartupFails(sec1, "auth.jwt.es256-private-key");

        TestAuthConfig noPublic = new TestAuthConfig();
        noPublic.es256PrivateKey = writePem(dir.resolve("ok.key"), "PRIVATE KEY", ecKeyPair().getPrivate().getEncoded());
        assertStartupFails(noPublic, "auth.jwt.es256-public-key must be set");

        TestAuthConfig badJwks = new TestAuthConfig();
        Files.writeString(dir.resolve("bad-jwks.json"), "not json");
        badJwks.externalIssuers.add(new AppConfig.ExternalIssuer(DAPP, null, dir.resolve("bad-jwks.json"), null));
        assertStartupFails(badJwks, "jwks-file");

        TestAuthConfig twice = new TestAuthConfig();
        twice.externalIssuers.add(new AppConfig.ExternalIssuer(TestAuthConfig.ISSUER, new Secret(DAPP_SECRET), null, null));
        assertStartupFails(twice, "configured twice");
    }

    private void assertStartupFails(TestAuthConfig bad, String sentence) {
        Exception e = assertThrows(IllegalArgumentException.class, () -> AuthModule.create(bad.build(),
                TestChain.rpc(), TestAuthConfig.LIMITS, TestDatabases.sqlite(dir), new SimpleMeterRegistry(), clock, dir));
        assertTrue(e.getMessage().contains(sentence), e.getMessage());
        assertFalse(e.getMessage().contains(TestAuthConfig.SEED), "never quotes the seed");
    }

    private AuthServer start() {
        return AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir);
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Path writePem(Path file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static String coordinate(JwkEC key, String name) {
        ECPublicKey pub = (ECPublicKey) key.publicKey();
        java.math.BigInteger value = name.equals("x") ? pub.getW().getAffineX() : pub.getW().getAffineY();
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
