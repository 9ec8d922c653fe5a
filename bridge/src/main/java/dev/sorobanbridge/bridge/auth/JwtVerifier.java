package dev.sorobanbridge.bridge.auth;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a JWT completely (size, algorithm, issuer, key, signature, audience, expiry, issue time,
 * lifetime, subject) and turns it into a {@link Principal}; each way to fail has its own error code. Revocation is checked by the
 * caller, which owns the store. Claims are checked here rather than with Helidon's validators so
 * that each rejection gets a distinct, stable code and our {@link Clock} decides what "now" is.
 */
final class JwtVerifier {
    static final int MAX_TOKEN_CHARS = 8 * 1024;
    /** Tolerated for {@code nbf} and {@code iat}: an issuer's clock (another node's, a dApp's) may run a little ahead of ours. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final Map<String, TrustedIssuer> issuers = new HashMap<>();
    private final Set<String> adminAccounts;
    private final Duration maxLifetime;
    private final Clock clock;
    private final AuthFailures failures;

    /** @param maxLifetime the longest {@code exp - iat} accepted, from any issuer */
    JwtVerifier(List<TrustedIssuer> trusted, Set<String> adminAccounts, Duration maxLifetime, Clock clock,
                AuthFailures failures) {
        for (TrustedIssuer issuer : trusted) {
            if (issuers.putIfAbsent(issuer.issuer(), issuer) != null) {
                throw new IllegalArgumentException("issuer " + issuer.issuer() + " is configured twice (auth.jwt.issuer"
                        + " and auth.external-issuers must all differ).");
            }
        }
        this.adminAccounts = Set.copyOf(adminAccounts);
        this.maxLifetime = maxLifetime;
        this.clock = clock;
        this.failures = failures;
    }

    /** @return the principal behind a valid token, never null (ticketId null) */
    Principal verify(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw failures.unauthorized("token_too_large", "The token is longer than " + MAX_TOKEN_CHARS + " characters.");
        }
        SignedJwt signed;
        Jwt jwt;
        try {
            signed = SignedJwt.parseToken(token);
            jwt = signed.getJwt();
        } catch (RuntimeException e) {
            // Helidon reports bad base64, bad JSON and wrongly typed claims as various runtime exceptions.
            throw failures.unauthorized("token_malformed", "The token is not a well-formed JWT.");
        }
        String algorithm = jwt.algorithm().orElse(Jwk.ALG_NONE);
        if (algorithm.equalsIgnoreCase(Jwk.ALG_NONE)) {
            throw failures.unauthorized("token_algorithm", "Unsigned tokens (alg \"none\") are not accepted.");
        }
        TrustedIssuer issuer = jwt.issuer().map(issuers::get).orElseThrow(() -> failures.unauthorized("token_issuer",
                "The token's issuer (iss) is not one this server accepts."));
        List<Jwk> keys = issuer.candidates(jwt.keyId());
        if (keys.isEmpty()) {
            throw failures.unauthorized("token_key_unknown", "The token was signed with a key (kid) this server does not know.");
        }
        List<Jwk> sameAlgorithm = keys.stream().filter(k -> algorithm.equals(k.algorithm())).toList();
        if (sameAlgorithm.isEmpty()) {
            // Refusing a mismatch also stops "alg confusion" (e.g. HS256 keyed with a public EC key).
            throw failures.unauthorized("token_algorithm", "The token's algorithm does not match the issuer's key.");
        }
        byte[] signedBytes = signed.getSignedBytes();
        byte[] signature = signed.getSignature();
        if (sameAlgorithm.stream().noneMatch(k -> verifies(k, signedBytes, signature))) {
            throw failures.unauthorized("token_signature", "The token's signature is not valid.");
        }
        Instant now = clock.instant();
        Instant expiresAt = jwt.expirationTime().orElseThrow(() -> failures.unauthorized("token_no_exp",
                "The token has no expiry (exp); only expiring tokens are accepted."));
        if (!now.isBefore(expiresAt)) {
            throw failures.unauthorized("token_expired", "The token has expired; log in again.");
        }
        if (jwt.notBefore().filter(nbf -> now.plus(CLOCK_SKEW).isBefore(nbf)).isPresent()) {
            throw failures.unauthorized("token_not_yet_valid", "The token is not valid yet (nbf is in the future).");
        }
        Optional<Instant> issuedAt = jwt.issueTime();
        if (issuedAt.filter(iat -> now.plus(CLOCK_SKEW).isBefore(iat)).isPresent()) {
            throw failures.unauthorized("token_issued_in_future", "The token's issue time (iat) is in the future.");
        }
        // Without iat, the lifetime still left must be within the maximum.
        if (Duration.between(issuedAt.orElse(now), expiresAt).compareTo(maxLifetime) > 0) {
            throw failures.unauthorized("token_lifetime", "The token is valid for longer than this server accepts"
                    + " (at most " + maxLifetime.toHours() + " h between iat and exp).");
        }
        if (issuer.audience() != null
                && jwt.audience().filter(audiences -> audiences.contains(issuer.audience())).isEmpty()) {
            throw failures.unauthorized("token_audience", "The token is not meant for this server (aud).");
        }
        String account = jwt.subject().filter(s -> !s.isBlank()).orElseThrow(() -> failures.unauthorized(
                "token_malformed", "The token has no subject (sub)."));
        String jti = jwt.jwtId().filter(s -> !s.isBlank()).orElseGet(() -> tokenHash(token));
        String sessionId = new SessionId(issuer.issuer(), jti).key();
        return new Principal(account, sessionId, expiresAt, adminAccounts.contains(account), null);
    }

    private static boolean verifies(Jwk key, byte[] signedBytes, byte[] signature) {
        try {
            return key.verifySignature(signedBytes, signature);
        } catch (RuntimeException e) {
            return false; // e.g. an ECDSA signature of the wrong length
        }
    }

    /** A session id for a token without {@code jti} (some dApp logins): logging out still revokes exactly it. */
    private static String tokenHash(String token) {
        return "sha256:" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JwtKeys.sha256(token.getBytes(StandardCharsets.UTF_8)));
    }
}
