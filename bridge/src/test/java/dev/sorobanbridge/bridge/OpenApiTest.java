package dev.sorobanbridge.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.server.Role;
import dev.sorobanbridge.bridge.support.OpenApiContract;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.TestConfig;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.Secret;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Transaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bridge/src/main/resources/openapi.yaml against the real product: the document parses as OpenAPI 3.1
 * without a message, every documented operation is routed and every route documented, and what a
 * demo node (simulated chain, real indexer, SQLite, real SEP-10 auth with ES256) answers to real
 * requests, stream frames included, is valid against the schema of that operation and status.
 */
class OpenApiTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NETWORK = "Standalone Network ; February 2017";
    /** Streams a wallet may hold at once here: low, so the per-wallet cap's 429 is reachable. */
    private static final int STREAMS_PER_WALLET = 2;
    private static final Duration HEARTBEAT = Duration.ofMillis(400);

    @TempDir
    static Path dir;
    private static Node node;
    private static final OpenApiContract contract = new OpenApiContract();
    private static final KeyPair admin = KeyPair.random();

    @BeforeAll
    static void startDemoNode() throws Exception {
        AppConfig base = TestConfig.create(dir);
        java.security.KeyPair ec = ecKeyPair();
        Path privateKey = writePem(dir.resolve("jwt.key"), "PRIVATE KEY", ec.getPrivate().getEncoded());
        Path publicKey = writePem(dir.resolve("jwt.pub"), "PUBLIC KEY", ec.getPublic().getEncoded());
        AppConfig.Auth auth = new AppConfig.Auth("localhost", "localhost", new Secret(""),
                new AppConfig.Jwt("http://localhost", new Secret(""), privateKey, publicKey, Duration.ofHours(1),
                        "localhost", Duration.ofHours(24)),
                true, List.of(), Duration.ofSeconds(30), Duration.ofMinutes(5), List.of(admin.getAccountId()));
        AppConfig config = new AppConfig(new AppConfig.Rpc(base.rpc().url(), NETWORK, base.rpc().timeout()),
                base.contracts(), base.indexer(), base.storage(), base.server(), auth,
                new AppConfig.Stream(Duration.ofSeconds(2), HEARTBEAT, Duration.ofMinutes(30), 256),
                new AppConfig.Limits(STREAMS_PER_WALLET, 1000, 1000, 1000, 1000, 1000, 1000, 1000),
                new AppConfig.Demo(true, Duration.ofMillis(500), 20, false));
        node = Node.start(config, Role.ALL, Clock.systemUTC());
        // The demo's history is indexed within a few polls: wait until the log holds events.
        String token = login(admin);
        Instant giveUp = Instant.now().plusSeconds(30);
        while (json(get("/events/history?limit=5", "Authorization", bearer(token))).path("events").isEmpty()) {
            if (Instant.now().isAfter(giveUp)) throw new AssertionError("the demo indexed no events in 30 s");
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
    }

    @Test
    void theServedDocumentIsOpenApi31AndParsesWithoutAMessage() throws IOException {
        HttpResponse<String> res = get("/openapi.yaml");
        assertEquals(200, res.statusCode());
        assertEquals("application/yaml", res.headers().firstValue("Content-Type").orElse(""));
        try (InputStream in = OpenApiTest.class.getClassLoader().getResourceAsStream(OpenApiContract.RESOURCE)) {
            assertArrayEquals(in.readAllBytes(), res.body().getBytes(StandardCharsets.UTF_8), "served bytes differ from the resource");
        }
        contract.assertResponse("GET", "/openapi.yaml", res);

        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(res.body(), null, options);
        assertEquals(List.of(), parsed.getMessages(), "parser messages");
        assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());
        assertTrue(parsed.getOpenAPI().getPaths().containsKey("/events/history"));

        // Every schema compiles as JSON Schema 2020-12 (a typo in a keyword's value fails here, not in production).
        contract.document().path("components").path("schemas").fieldNames()
                .forEachRemaining(name -> contract.schemaAt("/components/schemas/" + name));
    }

    @Test
    void everyDocumentedOperationIsRoutedAndEveryRouteIsDocumented() throws IOException {
        Set<String> documented = contract.operations();
        for (String operation : documented) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            // No credentials and no parameters: every operation still answers something it documents.
            HttpResponse<String> res = send(HttpRequest.newBuilder(uri(path)).method(method,
                    method.equals("POST") ? HttpRequest.BodyPublishers.ofString("") : HttpRequest.BodyPublishers.noBody()));
            assertNotEquals(404, res.statusCode(), operation + " is not routed");
            assertNotEquals(405, res.statusCode(), operation + " is not routed");
            if (!path.equals("/events") || res.statusCode() != 200) contract.assertResponse(method, path, res);
        }
        assertEquals(routesInSources(), documented, "routes registered in bridge/src/main/java vs the document");
    }

    @Test
    void authTicketHistoryStatsHealthAndJwksAnswerAsDocumented() {
        KeyPair wallet = KeyPair.random();
        JsonNode challenge = ok("GET", "/auth", get("/auth?account=" + wallet.getAccountId()));
        assertEquals(NETWORK, challenge.get("network_passphrase").asText());

        HttpResponse<String> jsonLogin = post("/auth", "application/json",
                "{\"transaction\":\"" + sign(challenge.get("transaction").asText(), wallet) + "\"}");
        String token = ok("POST", "/auth", jsonLogin).get("token").asText();

        String second = json(get("/auth?account=" + wallet.getAccountId())).get("transaction").asText();
        HttpResponse<String> formLogin = post("/auth", "application/x-www-form-urlencoded",
                "transaction=" + URLEncoder.encode(sign(second, wallet), StandardCharsets.UTF_8));
        ok("POST", "/auth", formLogin);

        HttpResponse<String> ticketRes = post("/events/ticket", null, "", "Authorization", bearer(token));
        String ticket = ok("POST", "/events/ticket", ticketRes).get("ticket").asText();

        // Tickets are scoped to GET /events.
        assertError("GET", "/events/history", get("/events/history?limit=3&ticket=" + ticket), 401);
        JsonNode page = ok("GET", "/events/history",
                get("/events/history?limit=3", "Authorization", bearer(token)));
        assertEquals(3, page.get("events").size(), page.toString());
        String after = page.get("next").asText();
        ok("GET", "/events/history",
                get("/events/history?limit=1000&after=" + after, "Authorization", bearer(token)));
        JsonNode newest = ok("GET", "/events/history",
                get("/events/history?order=desc&limit=2", "Authorization", bearer(token)));
        ok("GET", "/events/history", get("/events/history?order=desc&limit=2&before="
                + newest.get("next").asText(), "Authorization", bearer(token)));
        ok("GET", "/events/history",
                get("/events/history?contract=pool&type=invoice.*,pool.*&wallet=me", "Authorization", bearer(token)));
        String invoiceId = firstInvoiceId(token);
        JsonNode oneInvoice = ok("GET", "/events/history",
                get("/events/history?invoiceId=" + invoiceId, "Authorization", bearer(token)));
        oneInvoice.get("events").forEach(e -> assertEquals(invoiceId, e.get("invoiceId").asText()));

        String adminToken = login(admin);
        JsonNode stats = ok("GET", "/events/stats", get("/events/stats", "Authorization", bearer(adminToken)));
        assertTrue(stats.get("connections").asInt() >= 0);
        assertError("GET", "/events/stats", get("/events/stats", "Authorization", bearer(token)), 403);

        ok("GET", "/health/live", get("/health/live"));
        JsonNode ready = ok("GET", "/health/ready", get("/health/ready"));
        assertEquals("all", ready.get("role").asText());
        JsonNode jwks = ok("GET", "/.well-known/jwks.json", get("/.well-known/jwks.json"));
        assertEquals(1, jwks.get("keys").size(), "the ES256 key is published");
        HttpResponse<String> metrics = get("/metrics");
        ok("GET", "/metrics", metrics);
        assertTrue(metrics.body().contains("sse_events_sent_total"), "a Prometheus scrape");

        HttpResponse<String> logout = send(HttpRequest.newBuilder(uri("/auth")).DELETE().header("Authorization", bearer(token)));
        assertEquals(204, logout.statusCode());
        contract.assertResponse("DELETE", "/auth", logout);
    }

    @Test
    void errorsAreTheDocumentedBodyWithTheDocumentedStatus() {
        String token = login(KeyPair.random());
        assertError("GET", "/events/history", get("/events/history?contract=nft", "Authorization", bearer(token)), 400);
        assertError("GET", "/events/history", get("/events/history?limit=0", "Authorization", bearer(token)), 400);
        assertError("GET", "/events/history", get("/events/history?after=42", "Authorization", bearer(token)), 400);
        assertError("GET", "/events/history", get("/events/history"), 401);
        assertError("GET", "/events/history", get("/events/history", "Authorization", bearer("not.a.jwt")), 401);
        assertError("GET", "/events", get("/events?wallet=G123", "Authorization", bearer(token)), 400);
        assertError("GET", "/events", get("/events"), 401);
        assertError("GET", "/auth", get("/auth"), 400);
        assertError("GET", "/auth", get("/auth?account=GNOTANACCOUNT"), 400);
        assertError("POST", "/auth", post("/auth", "application/json", "{\"transaction\":\"AAAA\"}"), 400);
        assertError("POST", "/auth", post("/auth", "application/json", "{\"transaction\":\"" + "A".repeat(20_000) + "\"}"), 413);
        assertError("POST", "/events/ticket", post("/events/ticket", null, ""), 401);
        assertError("DELETE", "/auth", send(HttpRequest.newBuilder(uri("/auth")).DELETE()), 401);

        // The per-wallet stream cap: the stream after the cap is a 429 with Retry-After.
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS_PER_WALLET; i++) {
                SseClient stream = SseClient.open(uri("/events"), Map.of("Authorization", bearer(token)));
                open.add(stream);
                assertEquals(200, stream.status(), stream.errorBody());
                stream.nextNonComment();
            }
            assertError("GET", "/events", get("/events", "Authorization", bearer(token)), 429);
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void streamFramesMatchTheirSchemas() {
        KeyPair wallet = KeyPair.random();
        String token = login(wallet);
        String ticket = ticket(token);
        JsonNode history = json(get("/events/history?limit=5", "Authorization", bearer(token)));
        String from = history.get("events").get(0).get("id").asText();

        try (SseClient stream = SseClient.open(uri("/events?ticket=" + ticket + "&lastEventId=" + from))) {
            assertEquals(200, stream.status(), stream.errorBody());
            assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse(""));
            assertEquals("no-cache", stream.headers().firstValue("Cache-Control").orElse(""));
            assertEquals("no", stream.headers().firstValue("X-Accel-Buffering").orElse(""));
            SseClient.Frame retry = stream.next();
            assertTrue(retry.retry() != null && retry.retry().matches("\\d+"), "the stream starts with retry: " + retry);

            SseClient.Frame connected = frame(stream);
            assertEquals("connected", connected.event(), connected.toString());
            JsonNode data = contract.assertEvent("connected", connected.data());
            assertEquals(from, data.get("lastEventId").asText());
            assertEquals(from, connected.id(), "connected carries id: <lastEventId>");

            int messages = 0;
            int heartbeats = 0;
            Instant giveUp = Instant.now().plusSeconds(10);
            while ((messages < 4 || heartbeats < 1) && Instant.now().isBefore(giveUp)) {
                SseClient.Frame f = frame(stream);
                if (f.isMessage()) {
                    JsonNode event = contract.assertEvent("message", f.data());
                    assertEquals(f.id(), event.get("id").asText(), "id: line and the event's id");
                    messages++;
                } else {
                    assertEquals("heartbeat", f.event(), "only heartbeats between activity events: " + f);
                    contract.assertEvent("heartbeat", f.data());
                    heartbeats++;
                }
            }
            assertTrue(messages >= 4, "activity events replayed: " + messages);
            assertTrue(heartbeats >= 1, "a heartbeat event every " + HEARTBEAT.toMillis() + " ms");
        }

        // An id newer than anything stored: reset, never a silent wait. (Each stream below is another
        // wallet's: a closed stream counts against its wallet's cap until the server notices.)
        try (SseClient stream = SseClient.open(uri("/events?lastEventId=9000000000000000000-0000000000"),
                Map.of("Authorization", bearer(login(KeyPair.random()))))) {
            assertEquals(200, stream.status(), stream.errorBody());
            assertEquals("connected", namedEvent(stream).event());
            SseClient.Frame reset = namedEvent(stream);
            assertEquals("reset", reset.event(), reset.toString());
            assertEquals("unknown_id", contract.assertEvent("reset", reset.data()).get("reason").asText());
        }

        // Logout ends the session's open streams with session-revoked.
        String other = login(KeyPair.random());
        try (SseClient stream = SseClient.open(uri("/events?ticket=" + ticket(other)))) {
            assertEquals(200, stream.status(), stream.errorBody());
            assertEquals("connected", namedEvent(stream).event());
            assertEquals(204, send(HttpRequest.newBuilder(uri("/auth")).DELETE().header("Authorization", bearer(other))).statusCode());
            SseClient.Frame revoked = namedEvent(stream);
            assertEquals("session-revoked", revoked.event(), revoked.toString());
            contract.assertEvent("session-revoked", revoked.data());
        }
    }

    /** The next named event, skipping activity events, heartbeats and comments. */
    private static SseClient.Frame namedEvent(SseClient stream) {
        while (true) {
            SseClient.Frame f = frame(stream);
            if (f.event() != null && !f.event().equals("heartbeat")) return f;
            if (f.event() != null) contract.assertEvent("heartbeat", f.data());
            else if (f.isMessage()) contract.assertEvent("message", f.data());
        }
    }

    /** The next frame that is not a bare comment; heartbeat events are returned (they are checked here). */
    private static SseClient.Frame frame(SseClient stream) {
        while (true) {
            SseClient.Frame f = stream.next();
            if (f.comment() == null || f.data() != null || f.event() != null || f.retry() != null) return f;
        }
    }

    private static String firstInvoiceId(String token) {
        JsonNode events = json(get("/events/history?contract=invoice&limit=50", "Authorization", bearer(token))).get("events");
        for (JsonNode e : events) if (!e.get("invoiceId").isNull()) return e.get("invoiceId").asText();
        throw new AssertionError("the demo indexed no invoice event: " + events);
    }

    /** A 200 answer, valid against the document. */
    private static JsonNode ok(String method, String path, HttpResponse<String> res) {
        assertEquals(200, res.statusCode(), method + " " + path + ": " + res.body());
        return contract.assertResponse(method, path, res);
    }

    private static void assertError(String method, String path, HttpResponse<String> res, int status) {
        assertEquals(status, res.statusCode(), method + " " + path + ": " + res.body());
        JsonNode body = contract.assertResponse(method, path, res);
        assertFalse(body.get("message").asText().isBlank());
    }

    /**
     * The routes the bridge registers, read from its sources ({@code routing.get("/path", …)} and the
     * like). The demo page's {@code /} and {@code /*} serve static files, not the API.
     */
    private static Set<String> routesInSources() throws IOException {
        Pattern route = Pattern.compile("\\.(get|post|put|delete|patch)\\(\"(/[^\"]*)\"");
        Set<String> routes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = route.matcher(Files.readString(file));
                while (m.find()) routes.add(m.group(1).toUpperCase() + " " + m.group(2));
            }
        }
        assertTrue(routes.contains("GET /events"), "the scan finds the routes: " + routes);
        routes.removeAll(Set.of("GET /", "GET /*"));
        return routes;
    }

    private static String login(KeyPair wallet) {
        String challenge = json(get("/auth?account=" + wallet.getAccountId())).get("transaction").asText();
        HttpResponse<String> res = post("/auth", "application/json", "{\"transaction\":\"" + sign(challenge, wallet) + "\"}");
        assertEquals(200, res.statusCode(), res.body());
        return json(res).get("token").asText();
    }

    private static String ticket(String token) {
        HttpResponse<String> res = post("/events/ticket", null, "", "Authorization", bearer(token));
        assertEquals(200, res.statusCode(), res.body());
        return json(res).get("ticket").asText();
    }

    private static String sign(String challengeXdr, KeyPair signer) {
        try {
            Transaction tx = (Transaction) Transaction.fromEnvelopeXdr(challengeXdr, new Network(NETWORK));
            tx.sign(signer);
            return tx.toEnvelopeXdrBase64();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + node.port() + pathAndQuery);
    }

    private static HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (headers.length > 0) b.headers(headers);
        return send(b);
    }

    private static HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (headers.length > 0) b.headers(headers);
        return send(b);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> res) {
        try {
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + res.statusCode() + "): " + res.body(), e);
        }
    }

    private static java.security.KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Path writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
