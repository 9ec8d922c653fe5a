package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.config.AppConfig;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkEC;
import io.helidon.security.jwt.jwk.JwkOctet;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The keys of the JWTs this node issues. ES256 when key files are configured (its public half is
 * published at {@code /.well-known/jwks.json}), else HS256 with the configured secret, else HS256
 * with a generated, persisted secret. Key ids are derived from the key itself, so every node that
 * shares the configuration names its key the same way.
 */
final class JwtKeys {
    static final int MIN_HS256_SECRET_BYTES = 32;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final Jwk signingKey;
    private final List<Jwk> verificationKeys;
    private final JsonObject jwks;

    private JwtKeys(Jwk signingKey, List<Jwk> verificationKeys, JsonObject jwks) {
        this.signingKey = signingKey;
        this.verificationKeys = List.copyOf(verificationKeys);
        this.jwks = jwks;
    }

    static JwtKeys load(AppConfig.Jwt config, GeneratedSecrets generated) {
        List<Jwk> verification = new ArrayList<>();
        JsonArrayBuilder published = Json.createArrayBuilder();
        Jwk es256 = null;
        if (config.es256PrivateKey() != null) {
            if (config.es256PublicKey() == null) {
                throw new IllegalArgumentException("auth.jwt.es256-public-key must be set together with auth.jwt.es256-private-key.");
            }
            ECPrivateKey privateKey = PemKeys.readPrivateKey(config.es256PrivateKey(), "auth.jwt.es256-private-key");
            ECPublicKey publicKey = PemKeys.readPublicKey(config.es256PublicKey(), "auth.jwt.es256-public-key");
            if (publicKey.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("auth.jwt.es256-public-key must be a P-256 (secp256r1) key for ES256.");
            }
            JsonObject publicJwk = publicEcJwk(publicKey);
            String kid = publicJwk.getString("kid");
            es256 = JwkEC.builder().privateKey(privateKey).publicKey(publicKey)
                    .algorithm(JwkEC.ALG_ES256).keyId(kid).build();
            verification.add(JwkEC.builder().publicKey(publicKey).algorithm(JwkEC.ALG_ES256).keyId(kid).build());
            published.add(publicJwk);
        }
        Jwk hs256 = null;
        if (config.hs256Secret() != null) {
            hs256 = hs256Key(config.hs256Secret().value(), "auth.jwt.hs256-secret");
        } else if (es256 == null) {
            hs256 = hs256Key(generated.loadOrCreate("jwt-hs256-secret", "auth.jwt.hs256-secret", JwtKeys::randomSecret),
                    "auth.jwt.hs256-secret");
        }
        if (hs256 != null) verification.add(hs256);
        JsonObject jwks = Json.createObjectBuilder().add("keys", published).build();
        return new JwtKeys(es256 != null ? es256 : hs256, verification, jwks);
    }

    /** The key new tokens are signed with; its algorithm and kid go into the token header. */
    Jwk signingKey() { return signingKey; }

    /** Every key a token of our own issuer may be signed with (both, while moving from HS256 to ES256). */
    List<Jwk> verificationKeys() { return verificationKeys; }

    /** The public keys as a JWK Set: the ES256 key, or no key at all (an HS256 secret is never published). */
    JsonObject jwks() { return jwks; }

    /** An HS256 key over the secret's UTF-8 bytes: how dApp backends usually share such a secret. */
    static Jwk hs256Key(String secret, String configKey) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_HS256_SECRET_BYTES) {
            throw new IllegalArgumentException(configKey + " must be at least " + MIN_HS256_SECRET_BYTES
                    + " bytes long (HS256 needs a 256-bit key).");
        }
        String kid = "hs256-" + HexFormat.of().formatHex(sha256(bytes), 0, 6);
        return JwkOctet.create(Json.createObjectBuilder()
                .add("kty", "oct").add("kid", kid).add("alg", JwkOctet.ALG_HS256)
                .add("k", B64URL.encodeToString(bytes)).build());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    /** The public JWK with an RFC 7638 thumbprint as kid. */
    private static JsonObject publicEcJwk(ECPublicKey key) {
        String x = B64URL.encodeToString(coordinate(key.getW().getAffineX()));
        String y = B64URL.encodeToString(coordinate(key.getW().getAffineY()));
        // RFC 7638: the required members in lexicographic order, no whitespace.
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
        String kid = B64URL.encodeToString(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        return Json.createObjectBuilder()
                .add("kty", "EC").add("crv", "P-256").add("x", x).add("y", y)
                .add("kid", kid).add("alg", JwkEC.ALG_ES256).add("use", "sig").build();
    }

    /** A P-256 coordinate as exactly 32 big-endian bytes (BigInteger adds a sign byte or drops leading zeros). */
    private static byte[] coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return fixed;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
