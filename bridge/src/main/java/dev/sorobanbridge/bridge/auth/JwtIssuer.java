package dev.sorobanbridge.bridge.auth;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/** Mints the JWT a wallet gets after a successful SEP-10 login (claims per SEP-10, plus {@code aud}). */
final class JwtIssuer {
    private final String issuer;
    private final String audience;
    private final Jwk signingKey;
    private final Duration ttl;
    private final Set<String> adminAccounts;
    private final Clock clock;

    JwtIssuer(String issuer, String audience, Jwk signingKey, Duration ttl, Set<String> adminAccounts, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.signingKey = signingKey;
        this.ttl = ttl;
        this.adminAccounts = Set.copyOf(adminAccounts);
        this.clock = clock;
    }

    String issue(String account) {
        // JWT times are whole seconds: truncate so that exp is exactly iat + ttl.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Jwt.Builder jwt = Jwt.builder()
                .keyId(signingKey.keyId())
                .algorithm(signingKey.algorithm())
                .type("JWT")
                .issuer(issuer)
                .subject(account)
                .addAudience(audience)
                .issueTime(now)
                .expirationTime(now.plus(ttl))
                .jwtId(RandomIds.next());
        if (adminAccounts.contains(account)) {
            jwt.addPayloadClaim("roles", List.of("admin"));
        }
        return SignedJwt.sign(jwt.build(), signingKey).tokenContent();
    }
}
