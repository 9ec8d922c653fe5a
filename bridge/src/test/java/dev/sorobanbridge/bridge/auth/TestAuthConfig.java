package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.ConfigLoader;
import dev.sorobanbridge.testsupport.AsteraKeys;
import org.stellar.sdk.KeyPair;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** An {@link AppConfig.Auth} for tests, loaded through the real loader: each field settable, the rest default.yaml's. */
final class TestAuthConfig {
    static final String ISSUER = "http://localhost:8080";
    static final String NETWORK = "Test SDF Network ; September 2015";
    /** One server seed per test run: nodes of one "cluster" in a test share it, as production nodes must. */
    static final String SEED = new String(KeyPair.random().getSecretSeed());
    static final String HS256_SECRET = "test-secret-of-at-least-thirty-two-bytes!";
    /** Limits no functional test reaches; the rate-limit tests set their own. */
    static final AppConfig.Limits LIMITS = limits(Map.of("limits.max-streams-per-wallet", "10",
            "limits.max-streams-per-node", "20000", "limits.connects-per-minute-per-ip", "100000",
            "limits.max-streams-per-ip", "100000", "limits.challenges-per-minute-per-ip", "100000",
            "limits.logins-per-minute-per-ip", "100000", "limits.tickets-per-minute-per-session", "100000",
            "limits.history-per-minute-per-ip", "100000"));

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

    /** The fields as environment overrides, read by the real {@link ConfigLoader} as a node would read them. */
    AppConfig.Auth build() {
        Map<String, String> env = new HashMap<>();
        env.put("AUTH_HOME_DOMAIN", homeDomain);
        env.put("AUTH_WEB_AUTH_DOMAIN", webAuthDomain == null ? "" : webAuthDomain);
        env.put("AUTH_SIGNING_SEED", signingSeed);
        env.put("AUTH_JWT_ISSUER", issuer);
        env.put("AUTH_JWT_HS256_SECRET", hs256Secret);
        env.put("AUTH_JWT_ES256_PRIVATE_KEY", es256PrivateKey == null ? "" : es256PrivateKey.toString());
        env.put("AUTH_JWT_ES256_PUBLIC_KEY", es256PublicKey == null ? "" : es256PublicKey.toString());
        env.put("AUTH_JWT_TTL", jwtTtl.toString());
        env.put("AUTH_JWT_AUDIENCE", audience);
        env.put("AUTH_JWT_MAX_LIFETIME", jwtMaxLifetime.toString());
        env.put("AUTH_ALLOW_QUERY_TOKEN", String.valueOf(allowQueryToken));
        env.put("AUTH_EXTERNAL_ISSUERS", externalIssuers.stream().map(TestAuthConfig::inline)
                .collect(Collectors.joining(", ", "[", "]")));
        env.put("AUTH_TICKET_TTL", ticketTtl.toString());
        env.put("AUTH_CHALLENGE_TTL", challengeTtl.toString());
        env.put("AUTH_ADMIN_ACCOUNTS", String.join(",", adminAccounts));
        return loadEnvironment(env).auth();
    }

    /** {@code limits.*} from default.yaml and the given settings ({@code limits.logins-per-minute-per-ip} → {@code 3}). */
    static AppConfig.Limits limits(Map<String, String> settings) {
        return load(settings).limits();
    }

    /** A configuration of default.yaml and the given settings (config keys and values as the YAML writes them). */
    static AppConfig load(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> env.put(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), value));
        return loadEnvironment(env);
    }

    private static AppConfig loadEnvironment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(overrides);
        env.put("CONTRACTS_INVOICE", AsteraKeys.INVOICE_CONTRACT);
        env.put("CONTRACTS_POOL", AsteraKeys.POOL_CONTRACT);
        return new ConfigLoader(env).load(null, null, false);
    }

    /** One issuer as the inline YAML (flow mapping) an operator would write in the environment. */
    private static String inline(AppConfig.ExternalIssuer issuer) {
        List<String> fields = new ArrayList<>();
        fields.add("issuer: " + quoted(issuer.issuer()));
        if (issuer.hs256Secret() != null) fields.add("hs256-secret: " + quoted(issuer.hs256Secret().value()));
        if (issuer.jwksFile() != null) fields.add("jwks-file: " + quoted(issuer.jwksFile().toString()));
        if (issuer.audience() != null) fields.add("audience: " + quoted(issuer.audience()));
        return "{" + String.join(", ", fields) + "}";
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
