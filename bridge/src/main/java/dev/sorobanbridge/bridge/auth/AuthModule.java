package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.bridge.limits.RateLimiter;
import dev.sorobanbridge.bridge.metrics.LimitMetrics;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.StrKey;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Wires auth from configuration: keys (configured, or generated and kept under the data directory),
 * the session store tables, and the two things the server needs, {@link #authenticator()} for the
 * event routes and {@link #routes()} for the auth endpoints.
 */
public final class AuthModule {
    private final Authenticator authenticator;
    private final AuthRoutes routes;

    private AuthModule(Authenticator authenticator, AuthRoutes routes) {
        this.authenticator = authenticator;
        this.routes = routes;
    }

    /**
     * @param dataDir where generated keys are kept when {@code auth.signing-seed} or the JWT secret is
     *                not configured (the SQLite data directory); may be null when both are configured
     */
    public static AuthModule create(AppConfig config, DataSource dataSource, MeterRegistry metrics, Clock clock,
                                    Path dataDir) {
        return create(config.auth(), config.rpc(), config.limits(), dataSource, metrics, clock, dataDir);
    }

    /** @param rpc where SEP-10 reads the signers of accounts that exist, and the network they are on */
    public static AuthModule create(AppConfig.Auth auth, AppConfig.Rpc rpc, AppConfig.Limits limits, DataSource dataSource,
                                    MeterRegistry metrics, Clock clock, Path dataDir) {
        AuthFailures failures = new AuthFailures(metrics);
        GeneratedSecrets generated = new GeneratedSecrets(dataDir);
        KeyPair serverKey = serverKey(auth, generated);
        JwtKeys jwtKeys = JwtKeys.load(auth.jwt(), generated);
        Set<String> admins = Set.copyOf(auth.adminAccounts() == null ? List.of() : auth.adminAccounts());

        List<TrustedIssuer> trusted = new ArrayList<>();
        String audience = auth.jwt().audience() == null ? auth.homeDomain() : auth.jwt().audience();
        trusted.add(new TrustedIssuer(auth.jwt().issuer(), jwtKeys.verificationKeys(), true, audience));
        if (auth.externalIssuers() != null) auth.externalIssuers().forEach(e -> trusted.add(TrustedIssuer.external(e)));

        AuthStore store = new AuthStore(dataSource);
        TicketCodec codec = new TicketCodec(StrKey.decodeEd25519SecretSeed(serverKey.getSecretSeed()));
        Tickets tickets = new Tickets(codec, store, auth.ticketTtl(), clock, failures);
        Authenticator authenticator = new Authenticator(new JwtVerifier(trusted, admins, auth.jwt().maxLifetime(), clock, failures), tickets,
                store, auth.allowQueryToken(), failures);
        String webAuthDomain = auth.webAuthDomain() == null || auth.webAuthDomain().isBlank()
                ? auth.homeDomain() : auth.webAuthDomain();
        AccountSigners accounts = new AccountSigners(StellarRpcClient.create(rpc, metrics));
        Sep10Login login = new Sep10Login(serverKey, rpc.networkPassphrase(), auth.homeDomain(), webAuthDomain,
                auth.challengeTtl(), accounts, store, clock, failures);
        JwtIssuer issuer = new JwtIssuer(auth.jwt().issuer(), audience, jwtKeys.signingKey(), auth.jwt().ttl(), admins, clock);
        return new AuthModule(authenticator,
                new AuthRoutes(login, issuer, authenticator, tickets, store, jwtKeys.jwks(), clock, failures,
                        rateLimits(limits, clock, new LimitMetrics(metrics))));
    }

    private static AuthRoutes.Limits rateLimits(AppConfig.Limits limits, Clock clock, LimitMetrics metrics) {
        return new AuthRoutes.Limits(
                new RateLimiter("challenges-per-minute-per-ip", limits.challengesPerMinutePerIp(),
                        "login challenges from this address", clock, metrics),
                new RateLimiter("logins-per-minute-per-ip", limits.loginsPerMinutePerIp(),
                        "login attempts from this address", clock, metrics),
                new RateLimiter("tickets-per-minute-per-session", limits.ticketsPerMinutePerSession(),
                        "tickets for this session", clock, metrics));
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public AuthRoutes routes() {
        return routes;
    }

    private static KeyPair serverKey(AppConfig.Auth auth, GeneratedSecrets generated) {
        String seed = auth.signingSeed() != null && auth.signingSeed().isPresent()
                ? auth.signingSeed().value()
                : generated.loadOrCreate("sep10-signing-seed", "auth.signing-seed",
                        () -> new String(KeyPair.random().getSecretSeed()));
        try {
            return KeyPair.fromSecretSeed(seed);
        } catch (RuntimeException e) {
            // The SDK's message could quote the seed; say only which key is wrong.
            throw new IllegalArgumentException("auth.signing-seed is not a Stellar secret seed (S… strkey).");
        }
    }
}
