package dev.sorobanbridge.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The whole, validated configuration of one node. Built by {@link ConfigLoader}; every value
 * here has already been checked, so consumers never re-validate.
 */
public record AppConfig(
        Rpc rpc,
        Contracts contracts,
        Indexer indexer,
        Storage storage,
        Server server,
        Auth auth,
        Stream stream,
        Limits limits,
        Demo demo) {

    /**
     * A copy with some parts replaced, e.g. {@code config.with(c -> c.rpc = simulatedRpc)}: the one way to
     * derive a configuration from a loaded one (the demo wiring), so the constructor is called in one place.
     */
    public AppConfig with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** The parts of an {@link AppConfig} while a copy is being changed. */
    public static final class Builder {
        public Rpc rpc;
        public Contracts contracts;
        public Indexer indexer;
        public Storage storage;
        public Server server;
        public Auth auth;
        public Stream stream;
        public Limits limits;
        public Demo demo;

        private Builder(AppConfig c) {
            rpc = c.rpc;
            contracts = c.contracts;
            indexer = c.indexer;
            storage = c.storage;
            server = c.server;
            auth = c.auth;
            stream = c.stream;
            limits = c.limits;
            demo = c.demo;
        }

        private AppConfig build() {
            return new AppConfig(rpc, contracts, indexer, storage, server, auth, stream, limits, demo);
        }
    }

    /**
     * Stellar RPC endpoint and the network it serves.
     *
     * @param url null only in demo mode when none is configured (the simulated chain supplies one)
     */
    public record Rpc(URI url, String networkPassphrase, Duration timeout) {}

    /** Contract ids (C… strkeys); null when not configured (only allowed in demo mode). */
    public record Contracts(String invoice, String pool) {}

    /**
     * @param startLedger   empty means "latest"
     * @param pollInterval  fallback period when the ledger cadence is unknown
     * @param maxLagLedgers readiness fails when the indexer is further behind than this
     * @param healthCheckInterval how often getHealth is asked for the retention window
     */
    public record Indexer(OptionalLong startLedger, Duration pollInterval, int pageSize,
                          long maxLagLedgers, Duration healthCheckInterval) {}

    public enum StorageKind { SQLITE, POSTGRES }

    /**
     * @param postgresPassword   never null; empty when not configured
     * @param retentionMaxAge    events older than this are pruned; null keeps them forever
     * @param retentionMaxEvents keep at most this many events; 0 means unlimited
     */
    public record Storage(StorageKind kind, Path sqlitePath, String postgresUrl, Secret postgresPassword,
                          int poolSize, Duration connectionTimeout,
                          Duration retentionMaxAge, long retentionMaxEvents) {}

    /**
     * @param managementPort     0 serves /metrics and /health on {@code port}; otherwise on this port only
     * @param managementHost     interface of the management port (loopback unless told otherwise)
     * @param trustedProxies     IP addresses or CIDR blocks (as written) whose forwarded-for headers are believed
     * @param requestHeadTimeout a connection that has not sent a complete request head by then is closed
     * @param maxConnections     TCP connections one node accepts at once
     * @param accessLog          one log line per request (method, path without credentials, status, duration, IP)
     * @param tls                HTTPS (and HTTP/2) on {@code port}; null serves plain HTTP
     */
    public record Server(String host, int port, int managementPort, List<String> corsAllowedOrigins,
                         Duration shutdownDrain, String managementHost, List<String> trustedProxies,
                         Duration requestHeadTimeout, int maxConnections, boolean accessLog, Tls tls) {}

    /** PEM files of the server's certificate chain and its private key (PKCS#8). */
    public record Tls(Path certificate, Path privateKey) {}

    /**
     * @param signingSeed SEP-10 server key (S… seed); null means generate and persist one (local use)
     */
    public record Auth(String homeDomain, String webAuthDomain, Secret signingSeed, Jwt jwt,
                       boolean allowQueryToken, List<ExternalIssuer> externalIssuers,
                       Duration ticketTtl, Duration challengeTtl, List<String> adminAccounts) {}

    /**
     * JWTs this node issues: HS256 with a shared secret, or ES256 with PEM key files. At most one
     * of the two is set (the key files always as a pair, both existing); null when not configured.
     *
     * @param audience    {@code aud} of issued tokens, required in the tokens we accept (default the home domain)
     * @param maxLifetime tokens (ours or an external issuer's) whose exp - iat exceeds this are refused
     */
    public record Jwt(String issuer, Secret hs256Secret, Path es256PrivateKey, Path es256PublicKey,
                      Duration ttl, String audience, Duration maxLifetime) {}

    /**
     * A dApp's own login whose tokens we accept: exactly one of an HS256 secret or a JWKS file is non-null.
     *
     * @param audience the {@code aud} its tokens must carry; null accepts them without checking aud
     */
    public record ExternalIssuer(String issuer, Secret hs256Secret, Path jwksFile, String audience) {}

    /**
     * @param retry          base reconnect delay sent as {@code retry:} (jittered per connection)
     * @param maxLifetime    streams are closed after this (randomised ±20 % per connection)
     * @param queueCapacity  events buffered per connection before it counts as a slow consumer
     */
    public record Stream(Duration retry, Duration heartbeat, Duration maxLifetime, int queueCapacity) {}

    /**
     * Per-client limits; "IP" is the client address as {@code server.trusted-proxies} resolves it,
     * IPv6 counted per /64. Rates are per minute (token buckets).
     *
     * @param connectsPerMinutePerIp stream connection attempts per client IP
     * @param maxStreamsPerIp        concurrent streams per client IP
     * @param challengesPerMinutePerIp SEP-10 challenges ({@code GET /auth}) per client IP
     * @param loginsPerMinutePerIp   signed challenges ({@code POST /auth}) per client IP
     * @param ticketsPerMinutePerSession tickets per login session (JWT)
     * @param historyPerMinutePerIp  {@code /events/history} requests per client IP
     */
    public record Limits(int maxStreamsPerWallet, int maxStreamsPerNode, int connectsPerMinutePerIp,
                         int maxStreamsPerIp, int challengesPerMinutePerIp, int loginsPerMinutePerIp,
                         int ticketsPerMinutePerSession, int historyPerMinutePerIp) {}

    /** {@code --demo}: in-process simulated RPC and the demo page. */
    public record Demo(boolean enabled, Duration ledgerInterval, int historyLedgers, boolean pageEnabled) {}
}
