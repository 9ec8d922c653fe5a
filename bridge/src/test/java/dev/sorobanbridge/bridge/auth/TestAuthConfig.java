package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.Secret;
import org.stellar.sdk.KeyPair;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An {@link AppConfig.Auth} for tests: the defaults of config/src/main/resources/config/default.yaml, each field settable. */
final class TestAuthConfig {
    static final String ISSUER = "http://localhost:8080";
    static final String NETWORK = "Test SDF Network ; September 2015";
    /** One server seed per test run: nodes of one "cluster" in a test share it, as production nodes must. */
    static final String SEED = new String(KeyPair.random().getSecretSeed());
    static final String HS256_SECRET = "test-secret-of-at-least-thirty-two-bytes!";
    /** Limits no functional test reaches; the rate-limit tests set their own. */
    static final AppConfig.Limits LIMITS = new AppConfig.Limits(10, 20_000, 100_000, 100_000, 100_000, 100_000, 100_000, 100_000);

    String homeDomain = "localhost";
    String webAuthDomain = null;
    String signingSeed = SEED;
    String issuer = ISSUER;
    String hs256Secret = HS256_SECRET;
    Path es256PrivateKey;
    Path es256PublicKey;
    Duration jwtTtl = Duration.ofHours(1);
    String audience = "localhost";
    Duration jwtMaxLifetime = Duration.ofHours(24);
    /** Off, as in production; tests of query tokens switch it on. */
    boolean allowQueryToken = false;
    List<AppConfig.ExternalIssuer> externalIssuers = new ArrayList<>();
    Duration ticketTtl = Duration.ofSeconds(30);
    Duration challengeTtl = Duration.ofMinutes(5);
    List<String> adminAccounts = new ArrayList<>();

    AppConfig.Auth build() {
        return new AppConfig.Auth(homeDomain, webAuthDomain, new Secret(signingSeed),
                new AppConfig.Jwt(issuer, new Secret(hs256Secret), es256PrivateKey, es256PublicKey, jwtTtl, audience,
                        jwtMaxLifetime),
                allowQueryToken, List.copyOf(externalIssuers), ticketTtl, challengeTtl, List.copyOf(adminAccounts));
    }
}
