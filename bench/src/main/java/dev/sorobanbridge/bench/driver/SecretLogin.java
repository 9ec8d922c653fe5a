package dev.sorobanbridge.bench.driver;

import org.stellar.sdk.KeyPair;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Mints the HS256 JWT a dApp backend sharing the server's secret would issue (the key is the
 * secret's UTF-8 bytes, as the server reads it): 10,000 clients need no 10,000 SEP-10 round trips.
 */
final class SecretLogin implements Login {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.UTF_8));
    /** Longer than any run, so no stream ends with token-expired. */
    private static final long TTL_SECONDS = 2 * 3600;

    private final byte[] secret;
    private final String issuer;

    SecretLogin(String secret, String issuer) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.issuer = issuer;
    }

    @Override
    public String tokenFor(KeyPair account) {
        long now = Instant.now().getEpochSecond();
        // aud = iss: a server for the driver is configured with auth.jwt.audience = its issuer (BenchRun does so).
        String quoted = issuer.replace("\"", "\\\"");
        String claims = "{\"iss\":\"" + quoted + "\",\"aud\":\"" + quoted + "\",\"sub\":\"" + account.getAccountId()
                + "\",\"iat\":" + now + ",\"exp\":" + (now + TTL_SECONDS) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = HEADER + "." + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + B64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
