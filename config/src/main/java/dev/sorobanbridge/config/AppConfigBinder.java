package dev.sorobanbridge.config;

import dev.sorobanbridge.config.AppConfig.Auth;
import dev.sorobanbridge.config.AppConfig.Contracts;
import dev.sorobanbridge.config.AppConfig.Demo;
import dev.sorobanbridge.config.AppConfig.ExternalIssuer;
import dev.sorobanbridge.config.AppConfig.Indexer;
import dev.sorobanbridge.config.AppConfig.Jwt;
import dev.sorobanbridge.config.AppConfig.Limits;
import dev.sorobanbridge.config.AppConfig.Rpc;
import dev.sorobanbridge.config.AppConfig.Server;
import dev.sorobanbridge.config.AppConfig.Storage;
import dev.sorobanbridge.config.AppConfig.StorageKind;
import dev.sorobanbridge.config.AppConfig.Stream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.stellar.sdk.StrKey;

/**
 * Builds the {@link AppConfig} records from the merged tree, checking every value and the rules
 * that span several keys. The first problem found stops start-up with its sentence.
 */
final class AppConfigBinder {
    static final String CONTRACTS_MISSING = "contracts.invoice and contracts.pool must be set to your contracts' C… ids"
            + " (CONTRACTS_INVOICE, CONTRACTS_POOL), or start with --demo to run offline against a simulated chain.";

    private static final Pattern ORIGIN = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:?#]+(:\\d{1,5})?");
    private static final Pattern URL_START = Pattern.compile("^[^:/?#]*://[^/?#]*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final int MIN_HMAC_BYTES = 32;
    private static final long MAX_LEDGER = 0xFFFF_FFFFL; // ledger sequence numbers are uint32

    private final ConfigTree tree;
    private final String profile;
    private final boolean demoFlag;

    /**
     * @param profile  the chosen profile, or null
     * @param demoFlag {@code --demo}: relaxes the keys a simulated chain does not need
     */
    AppConfigBinder(ConfigTree tree, String profile, boolean demoFlag) {
        this.tree = tree;
        this.profile = profile;
        this.demoFlag = demoFlag;
    }

    AppConfig bind() {
        Demo demo = demo();
        return new AppConfig(rpc(demo.enabled()), contracts(demo.enabled()), indexer(), storage(), server(), auth(),
                stream(), limits(), demo);
    }

    private ConfigValue value(String key) {
        return tree.value(key);
    }

    /** @param offline a simulated chain: the bridge points the RPC client at it, so no url is needed */
    private Rpc rpc(boolean offline) {
        ConfigValue url = value("rpc.url");
        URI uri = null;
        if (!url.isEmpty()) {
            uri = httpUrl(url);
        } else if (!offline && "mainnet".equals(profile)) {
            throw new ConfigException("rpc.url must be set for the mainnet profile, which has no default RPC:"
                    + " choose an RPC provider (or run your own) and set rpc.url or RPC_URL.");
        } else if (!offline) {
            throw new ConfigException("rpc.url must be set to your Stellar RPC endpoint (RPC_URL),"
                    + " or start with --demo to run offline against a simulated chain.");
        }
        return new Rpc(uri, value("rpc.network-passphrase").requiredText(), value("rpc.timeout").positiveDuration());
    }

    private Contracts contracts(boolean offline) {
        String invoice = contractId(value("contracts.invoice"));
        String pool = contractId(value("contracts.pool"));
        if (!offline && (invoice == null || pool == null)) {
            throw new ConfigException(CONTRACTS_MISSING);
        }
        return new Contracts(invoice, pool);
    }

    private static String contractId(ConfigValue value) {
        if (value.isEmpty()) {
            return null;
        }
        String id = value.text();
        if (!isStrKey(id, 'C')) {
            throw value.invalid("must be a contract id (a C… strkey of 56 characters), got '" + id + "'");
        }
        return id;
    }

    private Indexer indexer() {
        return new Indexer(startLedger(value("indexer.start-ledger")),
                value("indexer.poll-interval").positiveDuration(),
                value("indexer.page-size").wholeInt(1, 10_000),
                value("indexer.max-lag-ledgers").whole(1, Long.MAX_VALUE),
                value("indexer.health-check-interval").positiveDuration());
    }

    private static OptionalLong startLedger(ConfigValue value) {
        String text = value.text();
        if (text.isEmpty() || text.equalsIgnoreCase("latest")) {
            return OptionalLong.empty();
        }
        if (text.matches("\\d{1,10}")) {
            long ledger = Long.parseLong(text);
            if (ledger >= 1 && ledger <= MAX_LEDGER) {
                return OptionalLong.of(ledger);
            }
        }
        throw value.invalid("must be latest or a ledger number from 1 to " + MAX_LEDGER + ", got '" + text + "'");
    }

    private Storage storage() {
        ConfigValue kindValue = value("storage.kind");
        StorageKind kind = switch (kindValue.text().toLowerCase(Locale.ROOT)) {
            case "sqlite" -> StorageKind.SQLITE;
            case "postgres" -> StorageKind.POSTGRES;
            default -> throw kindValue.invalid("must be sqlite or postgres, got '" + kindValue.text() + "'");
        };
        ConfigValue sqlitePath = value("storage.sqlite-path");
        Path path = sqlitePath.isEmpty() ? null : path(sqlitePath);
        if (kind == StorageKind.SQLITE && path == null) {
            throw sqlitePath.invalid("must not be empty when storage.kind is sqlite");
        }
        ConfigValue postgresUrl = value("storage.postgres-url");
        // The URL is never quoted back: it may carry a password as a parameter.
        if (kind == StorageKind.POSTGRES && !postgresUrl.text().startsWith("jdbc:postgresql://")) {
            throw postgresUrl.invalid("must start with jdbc:postgresql:// when storage.kind is postgres");
        }
        ConfigValue maxAge = value("storage.retention.max-age");
        return new Storage(kind, path, postgresUrl.text(), value("storage.postgres-password").secret(),
                value("storage.pool-size").wholeInt(1, Integer.MAX_VALUE),
                value("storage.connection-timeout").positiveDuration(),
                maxAge.isEmpty() ? null : maxAge.positiveDuration(),
                value("storage.retention.max-events").whole(0, Long.MAX_VALUE));
    }

    private Server server() {
        int port = value("server.port").wholeInt(0, 65_535);
        ConfigValue managementPortValue = value("server.management-port");
        int managementPort = managementPortValue.wholeInt(0, 65_535);
        if (managementPort != 0 && managementPort == port) {
            throw managementPortValue.invalid("must differ from server.port (both are " + port
                    + "), or be 0 to serve /metrics and /health on server.port");
        }
        List<String> origins = new ArrayList<>();
        for (ConfigValue origin : value("server.cors-allowed-origins").items()) {
            String text = origin.text();
            if (!text.equals("*") && !ORIGIN.matcher(text).matches()) {
                throw origin.invalid("must be \"*\" or an origin like https://app.example"
                        + " (scheme://host[:port], no path), got '" + text + "'");
            }
            origins.add(text);
        }
        return new Server(host(), port, managementPort, List.copyOf(origins),
                value("server.shutdown-drain").nonNegativeDuration(), value("server.management-host").requiredText(),
                trustedProxies(), value("server.request-head-timeout").positiveDuration(),
                value("server.max-connections").wholeInt(1, Integer.MAX_VALUE), value("server.access-log").bool(),
                tls());
    }

    /** An offline demo on a laptop is nobody else's business: --demo binds loopback unless the host was set. */
    private String host() {
        ConfigValue host = value("server.host");
        return demoFlag && host.isPackagedDefault() ? "127.0.0.1" : host.requiredText();
    }

    private List<String> trustedProxies() {
        List<String> proxies = new ArrayList<>();
        for (ConfigValue item : value("server.trusted-proxies").items()) {
            String text = item.text();
            if (!isAddressOrCidr(text)) {
                throw item.invalid("must be an IP address or a CIDR block like 10.0.0.0/8 or fd00::/8, got '"
                        + text + "'");
            }
            proxies.add(text);
        }
        return List.copyOf(proxies);
    }

    /** IP literals only: a host name would make every request depend on DNS. */
    private static boolean isAddressOrCidr(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        int bits;
        try {
            bits = InetAddress.getByName(address).getAddress().length * 8; // a literal: no lookup
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String prefix = text.substring(slash + 1);
        return prefix.matches("\\d{1,3}") && Integer.parseInt(prefix) <= bits;
    }

    private AppConfig.Tls tls() {
        ConfigValue certificate = value("server.tls.certificate");
        ConfigValue privateKey = value("server.tls.private-key");
        if (certificate.isEmpty() && privateKey.isEmpty()) {
            return null;
        }
        if (certificate.isEmpty() || privateKey.isEmpty()) {
            ConfigValue given = certificate.isEmpty() ? privateKey : certificate;
            throw given.invalid("needs its pair: TLS needs both server.tls.certificate and server.tls.private-key");
        }
        return new AppConfig.Tls(existingFile(certificate, "PEM file"), existingFile(privateKey, "PEM file"));
    }

    private Auth auth() {
        String homeDomain = value("auth.home-domain").requiredText();
        String webAuthDomain = value("auth.web-auth-domain").text();
        return new Auth(homeDomain, webAuthDomain.isEmpty() ? homeDomain : webAuthDomain,
                signingSeed(value("auth.signing-seed")), jwt(),
                value("auth.allow-query-token").bool(), externalIssuers(),
                value("auth.ticket-ttl").positiveDuration(), value("auth.challenge-ttl").positiveDuration(),
                adminAccounts());
    }

    private static Secret signingSeed(ConfigValue value) {
        Secret seed = value.secretOrNull();
        if (seed != null && !isStrKey(seed.value(), 'S')) {
            throw value.invalid("must be a Stellar secret seed (an S… strkey of 56 characters),"
                    + " and the value given is not one");
        }
        return seed;
    }

    private Jwt jwt() {
        Secret hs256 = hmacSecret(value("auth.jwt.hs256-secret"));
        ConfigValue privateKeyValue = value("auth.jwt.es256-private-key");
        ConfigValue publicKeyValue = value("auth.jwt.es256-public-key");
        Path privateKey = privateKeyValue.isEmpty() ? null : existingFile(privateKeyValue, "PEM file");
        Path publicKey = publicKeyValue.isEmpty() ? null : existingFile(publicKeyValue, "PEM file");
        if ((privateKey == null) != (publicKey == null)) {
            ConfigValue missing = privateKey == null ? privateKeyValue : publicKeyValue;
            throw missing.invalid("must be set too: ES256 needs both auth.jwt.es256-private-key"
                    + " and auth.jwt.es256-public-key");
        }
        if (hs256 != null && privateKey != null) {
            throw value("auth.jwt.hs256-secret").invalid(
                    "must be empty when the ES256 key files are set: JWTs are signed one way");
        }
        ConfigValue audience = value("auth.jwt.audience");
        ConfigValue maxLifetimeValue = value("auth.jwt.max-lifetime");
        Duration ttl = value("auth.jwt.ttl").positiveDuration();
        Duration maxLifetime = maxLifetimeValue.positiveDuration();
        if (ttl.compareTo(maxLifetime) > 0) {
            throw maxLifetimeValue.invalid("must be at least auth.jwt.ttl (" + ttl + "): our own tokens would be refused");
        }
        return new Jwt(value("auth.jwt.issuer").requiredText(), hs256, privateKey, publicKey, ttl,
                audience.isEmpty() ? value("auth.home-domain").requiredText() : audience.text(), maxLifetime);
    }

    private List<ExternalIssuer> externalIssuers() {
        List<ExternalIssuer> issuers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigValue item : value("auth.external-issuers").items()) {
            item.requireObject(List.of("issuer", "hs256-secret", "jwks-file", "audience"),
                    "{issuer: https://login.example, jwks-file: ./jwks.json}");
            ConfigValue issuerValue = item.field("issuer");
            String issuer = issuerValue.requiredText();
            if (!seen.add(issuer)) {
                throw issuerValue.invalid("repeats the issuer '" + issuer + "'; list each issuer once");
            }
            Secret secret = hmacSecret(item.field("hs256-secret"));
            ConfigValue jwksValue = item.field("jwks-file");
            if ((secret == null) == jwksValue.isEmpty()) {
                throw item.invalid("must set exactly one of hs256-secret or jwks-file");
            }
            Path jwks = jwksValue.isEmpty() ? null : existingFile(jwksValue, "JWKS file");
            ConfigValue audience = item.field("audience");
            issuers.add(new ExternalIssuer(issuer, secret, jwks, audience.isEmpty() ? null : audience.text()));
        }
        return List.copyOf(issuers);
    }

    private List<String> adminAccounts() {
        List<String> accounts = new ArrayList<>();
        for (ConfigValue item : value("auth.admin-accounts").items()) {
            String account = item.text();
            if (!isStrKey(account, 'G')) {
                throw item.invalid("must be an account id (a G… strkey of 56 characters), got '" + account + "'");
            }
            accounts.add(account);
        }
        return List.copyOf(accounts);
    }

    private Stream stream() {
        return new Stream(value("stream.retry").positiveDuration(), value("stream.heartbeat").positiveDuration(),
                value("stream.max-lifetime").positiveDuration(),
                value("stream.queue-capacity").wholeInt(1, Integer.MAX_VALUE));
    }

    private Limits limits() {
        return new Limits(value("limits.max-streams-per-wallet").wholeInt(1, Integer.MAX_VALUE),
                value("limits.max-streams-per-node").wholeInt(1, Integer.MAX_VALUE),
                value("limits.connects-per-minute-per-ip").wholeInt(1, Integer.MAX_VALUE),
                value("limits.max-streams-per-ip").wholeInt(1, Integer.MAX_VALUE),
                value("limits.challenges-per-minute-per-ip").wholeInt(1, Integer.MAX_VALUE),
                value("limits.logins-per-minute-per-ip").wholeInt(1, Integer.MAX_VALUE),
                value("limits.tickets-per-minute-per-session").wholeInt(1, Integer.MAX_VALUE),
                value("limits.history-per-minute-per-ip").wholeInt(1, Integer.MAX_VALUE));
    }

    /** {@code --demo} turns on the simulated chain and its page; demo.enabled alone leaves the page to its key. */
    private Demo demo() {
        boolean enabled = value("demo.enabled").bool();
        boolean pageEnabled = value("demo.page-enabled").bool();
        return new Demo(demoFlag || enabled, value("demo.ledger-interval").positiveDuration(),
                value("demo.history-ledgers").wholeInt(0, Integer.MAX_VALUE), demoFlag || pageEnabled);
    }

    private static URI httpUrl(ConfigValue value) {
        String text = value.text();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException malformed) {
            // reported below
        }
        throw value.invalid("must be an http:// or https:// URL, got '" + withoutPathAndCredentials(text) + "'");
    }

    /** RPC provider URLs often carry an API key in the path or as user info: quote only scheme and host. */
    private static String withoutPathAndCredentials(String url) {
        var start = URL_START.matcher(url);
        if (!start.find()) {
            return url.length() > 12 ? url.substring(0, 12) + "…" : url;
        }
        String shown = start.group().replaceFirst("//[^@/]*@", "//");
        return shown.length() < url.length() ? shown + "…" : shown;
    }

    private static Secret hmacSecret(ConfigValue value) {
        Secret secret = value.secretOrNull();
        if (secret != null) {
            int bytes = secret.value().getBytes(StandardCharsets.UTF_8).length;
            if (bytes < MIN_HMAC_BYTES) {
                throw value.invalid("must be at least " + MIN_HMAC_BYTES + " bytes long, got " + bytes + " bytes");
            }
        }
        return secret;
    }

    private static Path existingFile(ConfigValue value, String what) {
        Path path = path(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw value.invalid("must name a readable " + what + ", but '" + path + "' "
                    + (Files.exists(path) ? "is not a readable file" : "does not exist"));
        }
        return path;
    }

    private static Path path(ConfigValue value) {
        try {
            return Path.of(value.text());
        } catch (InvalidPathException e) {
            throw value.invalid("must be a file path, got '" + value.text() + "'");
        }
    }

    /** Whether {@code text} is a valid strkey of the kind its first letter names (G account, S seed, C contract). */
    private static boolean isStrKey(String text, char kind) {
        if (text.length() != 56 || text.charAt(0) != kind) {
            return false;
        }
        try {
            switch (kind) {
                case 'G' -> StrKey.decodeEd25519PublicKey(text);
                case 'S' -> StrKey.decodeEd25519SecretSeed(text.toCharArray());
                default -> StrKey.decodeContract(text);
            }
            return true;
        } catch (RuntimeException invalid) {
            return false;
        }
    }
}
