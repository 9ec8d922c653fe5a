package dev.sorobanbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stellar.sdk.StrKey;

class ConfigLoaderTest {
    static final String INVOICE = StrKey.encodeContract(filled(1));
    static final String POOL = StrKey.encodeContract(filled(2));
    static final String ADMIN = StrKey.encodeEd25519PublicKey(filled(3));
    static final String SEED = new String(StrKey.encodeEd25519SecretSeed(filled(4)));
    static final String HMAC = "an-hmac-secret-of-at-least-32-bytes!";

    @TempDir
    Path dir;

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** The contract ids every non-demo load needs, so each test only states what it is about. */
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("CONTRACTS_INVOICE", INVOICE, "CONTRACTS_POOL", POOL));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("app.yaml"), yaml);
    }

    private static AppConfig load(Map<String, String> env, Path file) {
        return new ConfigLoader(env).load(file, null, false);
    }

    private static String failure(Map<String, String> env, Path file) {
        return assertThrows(ConfigException.class, () -> load(env, file)).getMessage();
    }

    /** {@code server.port}, {@code 80} -> "server:\n  port: 80\n". */
    private static String yaml(String key, String value) {
        String[] parts = key.split("\\.");
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            yaml.append("  ".repeat(i)).append(parts[i]).append(':');
            yaml.append(i == parts.length - 1 ? " " + value + "\n" : "\n");
        }
        return yaml.toString();
    }

    @Test
    void defaultsTargetTestnetAndMatchTheDesign() {
        AppConfig config = load(env(), null);

        assertEquals(URI.create("https://soroban-testnet.stellar.org"), config.rpc().url());
        assertEquals("Test SDF Network ; September 2015", config.rpc().networkPassphrase());
        assertEquals(Duration.ofSeconds(10), config.rpc().timeout());
        assertEquals(new AppConfig.Contracts(INVOICE, POOL), config.contracts());
        assertEquals(new AppConfig.Indexer(OptionalLong.empty(), Duration.ofSeconds(3), 1000, 10,
                Duration.ofMinutes(5)), config.indexer());
        assertEquals(new AppConfig.Storage(AppConfig.StorageKind.SQLITE, Path.of("./data/events.db"),
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", new Secret(""), 8, Duration.ofSeconds(5),
                Duration.ofDays(30), 0), config.storage());
        assertEquals(new AppConfig.Server("0.0.0.0", 8080, 0, List.of(), Duration.ofSeconds(10), "127.0.0.1", List.of(),
                Duration.ofSeconds(20), 20000, false, null), config.server());
        assertEquals(new AppConfig.Auth("localhost", "localhost", null,
                new AppConfig.Jwt("http://localhost:8080", null, null, null, Duration.ofHours(1), "localhost",
                        Duration.ofHours(24)), false, List.of(),
                Duration.ofSeconds(30), Duration.ofMinutes(5), List.of()), config.auth());
        assertEquals(new AppConfig.Stream(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofMinutes(30), 1024),
                config.stream());
        assertEquals(new AppConfig.Limits(10, 20000, 600, 256, 120, 120, 60, 600), config.limits());
        assertEquals(new AppConfig.Demo(false, Duration.ofSeconds(5), 36, false), config.demo());
    }

    @Test
    void eachProfileSetsItsNetwork() {
        AppConfig local = new ConfigLoader(env()).load(null, "local", false);
        assertEquals(URI.create("http://localhost:8000/soroban/rpc"), local.rpc().url());
        assertEquals("Standalone Network ; February 2017", local.rpc().networkPassphrase());

        AppConfig testnet = new ConfigLoader(env()).load(null, "testnet", false);
        assertEquals(URI.create("https://soroban-testnet.stellar.org"), testnet.rpc().url());

        AppConfig mainnet = new ConfigLoader(env("RPC_URL", "https://rpc.example")).load(null, "mainnet", false);
        assertEquals("Public Global Stellar Network ; September 2015", mainnet.rpc().networkPassphrase());
    }

    @Test
    void mainnetWithoutAnRpcUrlSaysToChooseAProvider() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(env()).load(null, "mainnet", false));
        assertEquals("rpc.url must be set for the mainnet profile, which has no default RPC: choose an RPC provider"
                + " (or run your own) and set rpc.url or RPC_URL.", e.getMessage());
    }

    @Test
    void laterLayersWin() throws IOException {
        Path file = file("""
                rpc:
                  url: https://file.example/rpc
                indexer:
                  page-size: 500
                  poll-interval: 1s
                """);

        AppConfig config = new ConfigLoader(env("INDEXER_PAGE_SIZE", "250")).load(file, "local", false);

        assertEquals(URI.create("https://file.example/rpc"), config.rpc().url(), "file over profile");
        assertEquals("Standalone Network ; February 2017", config.rpc().networkPassphrase(), "profile over default");
        assertEquals(250, config.indexer().pageSize(), "environment over file");
        assertEquals(Duration.ofSeconds(1), config.indexer().pollInterval(), "file over default");
        assertEquals(Duration.ofSeconds(10), config.rpc().timeout(), "default when nobody sets it");
    }

    @Test
    void profileComesFromTheArgumentThenTheEnvironmentThenTheFile() throws IOException {
        Path file = file("profile: local\n");
        URI local = URI.create("http://localhost:8000/soroban/rpc");
        URI testnet = URI.create("https://soroban-testnet.stellar.org");

        assertEquals(local, load(env(), file).rpc().url());
        assertEquals(testnet, load(env("PROFILE", "testnet"), file).rpc().url());
        assertEquals(testnet, new ConfigLoader(env("PROFILE", "local")).load(file, "testnet", false).rpc().url());
    }

    @Test
    void unknownProfileIsNamed() throws IOException {
        assertEquals("profile must be testnet, mainnet or local, got 'prod' (from PROFILE).",
                failure(env("PROFILE", "prod"), null));
        Path file = file("profile: futurenet\n");
        assertEquals("profile must be testnet, mainnet or local, got 'futurenet' (from " + file + ").",
                failure(env(), file));
        assertEquals("profile must be testnet, mainnet or local, got 'x' (from the command line).",
                assertThrows(ConfigException.class, () -> new ConfigLoader(env()).load(null, "x", false)).getMessage());
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("server.port", "abc", "server.port must be a whole number, got 'abc'"),
                Arguments.of("server.port", "70000", "server.port must be between 0 and 65535, got 70000"),
                Arguments.of("server.port", "80.5", "server.port must be a whole number, got "),
                Arguments.of("indexer.page-size", "20000", "indexer.page-size must be between 1 and 10000, got 20000"),
                Arguments.of("indexer.page-size", "0", "indexer.page-size must be between 1 and 10000, got 0"),
                Arguments.of("indexer.poll-interval", "3 seconds",
                        "indexer.poll-interval must be a duration like 500ms, 3s, 5m, 1h, 30d or PT3S, got '3 seconds'"),
                Arguments.of("indexer.poll-interval", "0s", "indexer.poll-interval must be longer than zero, got '0s'"),
                Arguments.of("indexer.start-ledger", "earliest",
                        "indexer.start-ledger must be latest or a ledger number from 1 to 4294967295, got 'earliest'"),
                Arguments.of("indexer.start-ledger", "0",
                        "indexer.start-ledger must be latest or a ledger number from 1 to 4294967295, got '0'"),
                Arguments.of("indexer.max-lag-ledgers", "0", "indexer.max-lag-ledgers must be at least 1, got 0"),
                Arguments.of("rpc.url", "ftp://rpc.example/SECRET-API-KEY",
                        "rpc.url must be an http:// or https:// URL, got 'ftp://rpc.example…'"),
                Arguments.of("rpc.url", "soroban-testnet.stellar.org",
                        "rpc.url must be an http:// or https:// URL, got 'soroban-test…'"),
                Arguments.of("rpc.network-passphrase", "", "rpc.network-passphrase must not be empty"),
                Arguments.of("rpc.timeout", "PT-1S", "rpc.timeout must be longer than zero, got 'PT-1S'"),
                Arguments.of("contracts.invoice", "CABC",
                        "contracts.invoice must be a contract id (a C… strkey of 56 characters), got 'CABC'"),
                Arguments.of("contracts.pool", ADMIN,
                        "contracts.pool must be a contract id (a C… strkey of 56 characters), got '" + ADMIN + "'"),
                Arguments.of("storage.kind", "mysql", "storage.kind must be sqlite or postgres, got 'mysql'"),
                Arguments.of("storage.sqlite-path", "", "storage.sqlite-path must not be empty when storage.kind is sqlite"),
                Arguments.of("storage.pool-size", "0", "storage.pool-size must be at least 1, got 0"),
                Arguments.of("storage.retention.max-age", "forever",
                        "storage.retention.max-age must be a duration like 500ms, 3s, 5m, 1h, 30d or PT3S, got 'forever'"),
                Arguments.of("storage.retention.max-events", "-1", "storage.retention.max-events must be at least 0, got -1"),
                Arguments.of("server.management-port", "8080", "server.management-port must differ from server.port"
                        + " (both are 8080), or be 0 to serve /metrics and /health on server.port"),
                Arguments.of("server.cors-allowed-origins", "https://app.example/path",
                        "server.cors-allowed-origins[0] must be \"*\" or an origin like https://app.example"
                                + " (scheme://host[:port], no path), got 'https://app.example/path'"),
                Arguments.of("server.host", "", "server.host must not be empty"),
                Arguments.of("server.shutdown-drain", "-1s",
                        "server.shutdown-drain must be a duration like 500ms, 3s, 5m, 1h, 30d or PT3S, got '-1s'"),
                Arguments.of("auth.admin-accounts", "GABC",
                        "auth.admin-accounts[0] must be an account id (a G… strkey of 56 characters), got 'GABC'"),
                Arguments.of("auth.allow-query-token", "maybe", "auth.allow-query-token must be true or false, got 'maybe'"),
                Arguments.of("auth.home-domain", "", "auth.home-domain must not be empty"),
                Arguments.of("auth.jwt.issuer", "", "auth.jwt.issuer must not be empty"),
                Arguments.of("auth.jwt.ttl", "1 hour",
                        "auth.jwt.ttl must be a duration like 500ms, 3s, 5m, 1h, 30d or PT3S, got '1 hour'"),
                Arguments.of("auth.jwt.es256-private-key", "/nonexistent/key.pem",
                        "auth.jwt.es256-private-key must name a readable PEM file, but '/nonexistent/key.pem' does not exist"),
                Arguments.of("auth.external-issuers", "[{issuer: https://login.example}]",
                        "auth.external-issuers[0] must set exactly one of hs256-secret or jwks-file"),
                Arguments.of("auth.external-issuers", "[{issuer: https://login.example, jwks: ./jwks.json}]",
                        "auth.external-issuers[0].jwks is not a known key (use issuer, hs256-secret, jwks-file, audience)"),
                Arguments.of("auth.external-issuers", "[{jwks-file: ./jwks.json}]",
                        "auth.external-issuers[0].issuer must not be empty"),
                Arguments.of("auth.external-issuers", "https://login.example",
                        "auth.external-issuers[0] must be an object like"
                                + " {issuer: https://login.example, jwks-file: ./jwks.json}, not a single value"),
                Arguments.of("auth.ticket-ttl", "0ms", "auth.ticket-ttl must be longer than zero, got '0ms'"),
                Arguments.of("stream.heartbeat", "15", 
                        "stream.heartbeat must be a duration like 500ms, 3s, 5m, 1h, 30d or PT3S, got "),
                Arguments.of("stream.queue-capacity", "0", "stream.queue-capacity must be at least 1, got 0"),
                Arguments.of("limits.max-streams-per-wallet", "-1", "limits.max-streams-per-wallet must be at least 1, got -1"),
                Arguments.of("limits.connects-per-minute-per-ip", "99999999999",
                        "limits.connects-per-minute-per-ip must be at least 1, got 99999999999"),
                Arguments.of("server.trusted-proxies", "proxy.example",
                        "server.trusted-proxies[0] must be an IP address or a CIDR block like 10.0.0.0/8 or fd00::/8,"
                                + " got 'proxy.example'"),
                Arguments.of("server.trusted-proxies", "10.0.0.0/33",
                        "server.trusted-proxies[0] must be an IP address or a CIDR block like 10.0.0.0/8 or fd00::/8,"
                                + " got '10.0.0.0/33'"),
                Arguments.of("server.request-head-timeout", "0s",
                        "server.request-head-timeout must be longer than zero, got '0s'"),
                Arguments.of("server.max-connections", "0", "server.max-connections must be at least 1, got 0"),
                Arguments.of("server.tls.certificate", "/nonexistent/cert.pem",
                        "server.tls.certificate needs its pair: TLS needs both server.tls.certificate"
                                + " and server.tls.private-key"),
                Arguments.of("auth.jwt.max-lifetime", "30m",
                        "auth.jwt.max-lifetime must be at least auth.jwt.ttl (PT1H): our own tokens would be refused"),
                Arguments.of("limits.max-streams-per-ip", "0", "limits.max-streams-per-ip must be at least 1, got 0"),
                Arguments.of("limits.tickets-per-minute-per-session", "x",
                        "limits.tickets-per-minute-per-session must be a whole number, got 'x'"),
                Arguments.of("demo.history-ledgers", "many", "demo.history-ledgers must be a whole number, got 'many'"));
    }

    @ParameterizedTest(name = "{0}={1} from the environment")
    @MethodSource("invalidValues")
    void invalidValueFromTheEnvironment(String key, String value, String expected) {
        String envName = ConfigTree.envName(key);
        String message = failure(env(envName, value), null);
        assertMessage(expected, " (from " + envName + ").", message);
    }

    @ParameterizedTest(name = "{0}={1} from a file")
    @MethodSource("invalidValues")
    void invalidValueFromAFile(String key, String value, String expected) throws IOException {
        Path file = file(yaml(key, value.isEmpty() ? "\"\"" : value));
        Map<String, String> env = env();
        env.remove(ConfigTree.envName(key)); // the contract ids would otherwise win over the file
        String message = failure(env, file);
        assertMessage(expected, " (from " + file + ").", message);
    }

    /** Rows ending in "got " are values YAML and the environment spell differently (15 vs '15'). */
    private static void assertMessage(String expected, String suffix, String message) {
        if (expected.endsWith("got ")) {
            assertTrue(message.startsWith(expected) && message.endsWith(suffix), message);
        } else {
            assertEquals(expected + suffix, message);
        }
    }

    @Test
    void demoBindsLoopbackUnlessTheHostIsSet() {
        assertEquals("127.0.0.1", new ConfigLoader(Map.of()).load(null, null, true).server().host());
        assertEquals("0.0.0.0", new ConfigLoader(Map.of("SERVER_HOST", "0.0.0.0")).load(null, null, true).server().host());
        assertEquals("0.0.0.0", load(env(), null).server().host());
    }

    @Test
    void trustedProxiesAndAudience() {
        AppConfig config = load(env("SERVER_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1, fd00::/8",
                "AUTH_JWT_AUDIENCE", "events.example"), null);
        assertEquals(List.of("10.0.0.0/8", "127.0.0.1", "fd00::/8"), config.server().trustedProxies());
        assertEquals("events.example", config.auth().jwt().audience());
    }

    @Test
    void missingContractIdsPointToDemoMode() {
        assertEquals("contracts.invoice and contracts.pool must be set to your contracts' C… ids"
                        + " (CONTRACTS_INVOICE, CONTRACTS_POOL), or start with --demo to run offline against a"
                        + " simulated chain.",
                failure(Map.of("CONTRACTS_INVOICE", INVOICE), null));
    }

    @Test
    void demoModeNeedsNoContractsNorRpcAndTurnsOnThePage() {
        AppConfig config = new ConfigLoader(Map.of()).load(null, "mainnet", true);

        assertNull(config.rpc().url());
        assertEquals(new AppConfig.Contracts(null, null), config.contracts());
        assertTrue(config.demo().enabled());
        assertTrue(config.demo().pageEnabled());
    }

    @Test
    void demoEnabledInTheEnvironmentRelaxesTooButLeavesThePageToItsKey() {
        AppConfig config = load(Map.of("DEMO_ENABLED", "true"), null);

        assertTrue(config.demo().enabled());
        assertFalse(config.demo().pageEnabled());
    }

    @Test
    void postgresUrlMustBeJdbcAndIsNeverQuoted() {
        String message = failure(env("STORAGE_KIND", "postgres",
                "STORAGE_POSTGRES_URL", "postgres://db/app?password=hunter2"), null);

        assertEquals("storage.postgres-url must start with jdbc:postgresql:// when storage.kind is postgres"
                + " (from STORAGE_POSTGRES_URL).", message);
    }

    @Test
    void postgresFromTheEnvironment() {
        AppConfig config = load(env("STORAGE_KIND", "POSTGRES", "STORAGE_POSTGRES_URL",
                "jdbc:postgresql://db:5432/app", "STORAGE_POSTGRES_PASSWORD", "pg-pass"), null);

        assertEquals(AppConfig.StorageKind.POSTGRES, config.storage().kind());
        assertEquals("jdbc:postgresql://db:5432/app", config.storage().postgresUrl());
        assertEquals("pg-pass", config.storage().postgresPassword().value());
    }

    @Test
    void secretsNeverReachToStringOrMessages() throws IOException {
        Path jwks = Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
        String externalSecret = "external-shared-secret-0123456789abcdef";
        AppConfig config = load(env("AUTH_JWT_HS256_SECRET", HMAC, "AUTH_SIGNING_SEED", SEED,
                "STORAGE_POSTGRES_PASSWORD", "pg-password-value",
                "AUTH_EXTERNAL_ISSUERS", "[{\"issuer\": \"https://a.example\", \"hs256-secret\": \"" + externalSecret
                        + "\"}, {\"issuer\": \"https://b.example\", \"jwks-file\": \"" + jwks + "\"}]"), null);

        assertEquals(HMAC, config.auth().jwt().hs256Secret().value());
        assertEquals(SEED, config.auth().signingSeed().value());
        assertEquals(List.of(new AppConfig.ExternalIssuer("https://a.example", new Secret(externalSecret), null, null),
                new AppConfig.ExternalIssuer("https://b.example", null, jwks, null)), config.auth().externalIssuers());
        String shown = config.toString();
        for (String secret : List.of(HMAC, SEED, "pg-password-value", externalSecret)) {
            assertFalse(shown.contains(secret), "toString shows a secret: " + shown);
        }

        String shortSecret = "short-secret";
        String message = failure(env("AUTH_JWT_HS256_SECRET", shortSecret), null);
        assertEquals("auth.jwt.hs256-secret must be at least 32 bytes long, got 12 bytes"
                + " (from AUTH_JWT_HS256_SECRET).", message);

        String badSeed = "S" + SEED.substring(1, 55) + (SEED.endsWith("A") ? "B" : "A");
        message = failure(env("AUTH_SIGNING_SEED", badSeed), null);
        assertEquals("auth.signing-seed must be a Stellar secret seed (an S… strkey of 56 characters), and the value"
                + " given is not one (from AUTH_SIGNING_SEED).", message);

        message = failure(env("AUTH_EXTERNAL_ISSUERS", "[{issuer: https://a.example, hs256-secret: tooshort-"
                + "-secret-value}]"), null);
        assertEquals("auth.external-issuers[0].hs256-secret must be at least 32 bytes long, got 22 bytes"
                + " (from AUTH_EXTERNAL_ISSUERS).", message);
    }

    @Test
    void listsFromTheEnvironmentAreCommaSeparatedOrInline() {
        String second = StrKey.encodeEd25519PublicKey(filled(9));
        AppConfig commas = load(env("SERVER_CORS_ALLOWED_ORIGINS", "https://a.example, http://localhost:3000",
                "AUTH_ADMIN_ACCOUNTS", ADMIN + "," + second), null);
        assertEquals(List.of("https://a.example", "http://localhost:3000"), commas.server().corsAllowedOrigins());
        assertEquals(List.of(ADMIN, second), commas.auth().adminAccounts());

        AppConfig inline = load(env("SERVER_CORS_ALLOWED_ORIGINS", "[\"*\"]", "AUTH_ADMIN_ACCOUNTS", ""), null);
        assertEquals(List.of("*"), inline.server().corsAllowedOrigins());
        assertEquals(List.of(), inline.auth().adminAccounts());
    }

    @Test
    void brokenInlineListFromTheEnvironmentNamesKeyAndVariableButNotTheValue() {
        String message = failure(env("AUTH_EXTERNAL_ISSUERS", "[{issuer: x, hs256-secret: s3cr3t-value"), null);

        assertTrue(message.startsWith("auth.external-issuers from AUTH_EXTERNAL_ISSUERS is not a valid inline YAML"
                + " or JSON list ("), message);
        assertFalse(message.contains("s3cr3t-value"), message);
    }

    @Test
    void es256KeyFilesAreUsedWhenBothExist() throws IOException {
        Path privateKey = Files.writeString(dir.resolve("private.pem"), "-----BEGIN PRIVATE KEY-----\n");
        Path publicKey = Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n");

        AppConfig config = load(env("AUTH_JWT_ES256_PRIVATE_KEY", privateKey.toString(),
                "AUTH_JWT_ES256_PUBLIC_KEY", publicKey.toString()), null);
        assertEquals(privateKey, config.auth().jwt().es256PrivateKey());
        assertEquals(publicKey, config.auth().jwt().es256PublicKey());

        assertEquals("auth.jwt.es256-public-key must be set too: ES256 needs both auth.jwt.es256-private-key and"
                        + " auth.jwt.es256-public-key.",
                failure(env("AUTH_JWT_ES256_PRIVATE_KEY", privateKey.toString()), null));
        assertEquals("auth.jwt.hs256-secret must be empty when the ES256 key files are set: JWTs are signed one way"
                        + " (from AUTH_JWT_HS256_SECRET).",
                failure(env("AUTH_JWT_ES256_PRIVATE_KEY", privateKey.toString(),
                        "AUTH_JWT_ES256_PUBLIC_KEY", publicKey.toString(), "AUTH_JWT_HS256_SECRET", HMAC), null));
    }

    @Test
    void typoInAKeyIsNamedWithASuggestion() throws IOException {
        Path file = file("server:\n  prot: 9090\n");
        assertEquals("server.prot in " + file + " is not a known key (did you mean server.port?);"
                + " config/default.yaml lists every key.", failure(env(), file));

        file = file("metrics:\n  enabled: true\n");
        assertEquals("metrics in " + file + " is not a known key; config/default.yaml lists every key.",
                failure(env(), file));
    }

    @Test
    void valueWhereASectionBelongsAndTheReverse() throws IOException {
        Path file = file("server: 8080\n");
        assertEquals("server in " + file + " must be a section of keys (like server.host), not a single value.",
                failure(env(), file));

        file = file("server:\n  port:\n    number: 8080\n");
        assertEquals("server.port in " + file + " must be a single value, not a section of keys.",
                failure(env(), file));
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws IOException {
        Path file = file("server:\n  port: 8080\n  host: [0.0.0.0\nindexer:\n  page-size: 10\n");
        String message = failure(env(), file);
        assertTrue(message.startsWith(file + " is not valid YAML: ") && message.contains(" at line 4, column "),
                message);

        file = file("server:\n  port: 8080\n  port: 9090\n");
        message = failure(env(), file);
        assertTrue(message.startsWith(file + " is not valid YAML: the key 'port' appears twice in one section at line 3"),
                message);
    }

    @Test
    void unreadableOrOddFiles() throws IOException {
        Path missing = dir.resolve("missing.yaml");
        assertEquals("The config file " + missing + " does not exist.", failure(env(), missing));

        Path list = file("- a\n- b\n");
        assertEquals(list + " must hold sections of keys at the top level (like \"server:\" with \"port: 8080\""
                + " under it), but it holds a single list.", failure(env(), list));

        assertEquals(8080, load(env(), file("# nothing set yet\n")).server().port());
    }

    @Test
    void anEmptyValueInAFileClearsTheDefault() throws IOException {
        Path file = file("storage:\n  retention:\n    max-age:\nauth:\n  web-auth-domain: auth.example\n");

        AppConfig config = load(env(), file);

        assertNull(config.storage().retentionMaxAge());
        assertEquals("auth.example", config.auth().webAuthDomain());
        assertEquals(OptionalLong.of(123), load(env("INDEXER_START_LEDGER", "123"), null).indexer().startLedger());
    }

    @Test
    void defaultYamlIsAReferenceWithACommentOnEveryKeyAndDistinctVariableNames() throws IOException {
        String text;
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("config/default.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        text.lines()
                .filter(line -> line.matches("\\s*[a-z0-9-]+:\\s*\\S.*"))
                .forEach(line -> assertTrue(line.contains(" # "), "no comment on: " + line));

        List<String> keys = new ConfigTree(new YamlReader().readResource("config/default.yaml")).leafKeys();
        assertEquals(keys.size(), keys.stream().map(ConfigTree::envName).distinct().count());
        assertTrue(keys.containsAll(List.of("rpc.url", "contracts.invoice", "storage.postgres-password",
                "auth.jwt.hs256-secret", "auth.external-issuers", "storage.retention.max-age")), keys.toString());
    }
}
