package dev.sorobanbridge.bridge.auth;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkOctet;
import jakarta.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Hand-made JWTs, good and bad, as an attacker or a dApp backend would make them. */
final class Tokens {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    /** The key the test server signs with (the configured HS256 secret). */
    static Jwk serverKey() {
        return JwtKeys.hs256Key(TestAuthConfig.HS256_SECRET, "test");
    }

    /** An HS256 key over {@code secret} under the given kid (null: no kid in the token). */
    static Jwk hs256(String kid, String secret) {
        return JwkOctet.create(Json.createObjectBuilder().add("kty", "oct").add("kid", kid == null ? "none-given" : kid)
                .add("alg", "HS256").add("k", B64URL.encodeToString(secret.getBytes(StandardCharsets.UTF_8))).build());
    }

    /** Claims like ours: issuer, subject, our audience, iat now, exp in an hour, a jti. */
    static Jwt.Builder claims(Clock clock, String issuer, String subject) {
        return claims(clock, issuer, subject, "localhost");
    }

    /** As {@link #claims(Clock, String, String)} for another audience; null: no aud claim. */
    static Jwt.Builder claims(Clock clock, String issuer, String subject, String audience) {
        Instant now = clock.instant();
        Jwt.Builder jwt = Jwt.builder().type("JWT").issuer(issuer).subject(subject).issueTime(now)
                .expirationTime(now.plus(Duration.ofHours(1))).jwtId(UUID.randomUUID().toString());
        return audience == null ? jwt : jwt.addAudience(audience);
    }

    static String sign(Jwt.Builder claims, Jwk key) {
        return sign(claims, key, true);
    }

    static String sign(Jwt.Builder claims, Jwk key, boolean withKid) {
        claims.algorithm(key.algorithm());
        if (withKid) claims.keyId(key.keyId());
        return SignedJwt.sign(claims.build(), key).tokenContent();
    }

    /** A token assembled by hand, e.g. {@code alg: none} with an empty signature. */
    static String raw(String headerJson, String payloadJson, String signature) {
        return B64URL.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }
}
