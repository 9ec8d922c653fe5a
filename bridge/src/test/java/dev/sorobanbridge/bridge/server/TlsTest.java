package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.SseClient.Frame;
import dev.sorobanbridge.bridge.support.TestCertificates;
import dev.sorobanbridge.bridge.support.TestConfig;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.ConfigException;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static dev.sorobanbridge.bridge.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** server.tls: HTTPS with HTTP/2 and HTTP/1.1 by ALPN on the main port, SSE live over both, reload on renewal. */
class TlsTest {
    /** Above the 100 streams a browser may multiplex over one HTTP/2 connection to us. */
    private static final int MANY_STREAMS = 110;

    @TempDir
    Path dir;

    @Test
    void streamsGoLiveOverHttp2AndHttp11AndManyShareOneHttp2Connection() throws Exception {
        AppConfig.Tls tls = TestCertificates.create(dir, "localhost");
        SSLContext trust = TestCertificates.trusting(List.of(TestCertificates.certificate(tls)));
        try (BridgeHarness node = BridgeHarness.start(dir, c -> withTls(c, tls, 0))) {
            assertTrue(node.server.tls());
            long ledger = 10;
            for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
                HttpClient http = HttpClient.newBuilder().sslContext(trust).version(version).build();
                try (SseClient stream = SseClient.open(http, https(node, "/events?token=" + node.auth.token(account(1))), Map.of())) {
                    assertEquals(200, stream.status());
                    assertEquals(version, stream.version(), "ALPN chose " + version);
                    assertTrue(stream.next().retry() != null, "retry: first");
                    assertEquals("connected", stream.next().event(), "connected arrives at once, not held in a buffer");
                    node.append(event(++ledger, 1, "pool.deposit", null, account(1)));
                    assertEquals(List.of(dev.sorobanbridge.bridge.support.TestEvents.id(ledger, 1)), stream.messageIds(1),
                            "a live event over " + version);
                }
            }

            HttpClient http2 = HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_2).build();
            List<SseClient> streams = new ArrayList<>();
            try {
                for (int i = 0; i < MANY_STREAMS; i++) {
                    streams.add(SseClient.open(http2, https(node, "/events?token=" + node.auth.token(account(100 + i))), Map.of()));
                }
                node.append(event(++ledger, 1, "pool.deposit", null, account(1)));
                for (SseClient stream : streams) {
                    assertEquals(HttpClient.Version.HTTP_2, stream.version());
                    assertEquals(List.of(dev.sorobanbridge.bridge.support.TestEvents.id(ledger, 1)), stream.messageIds(1));
                }
            } finally {
                streams.forEach(SseClient::close);
            }
        }
    }

    @Test
    void managementPortStaysPlainHttp() throws Exception {
        AppConfig.Tls tls = TestCertificates.create(dir, "localhost");
        int managementPort;
        try (ServerSocket free = new ServerSocket(0)) {
            managementPort = free.getLocalPort();
        }
        try (BridgeHarness node = BridgeHarness.start(dir, c -> withTls(c, tls, managementPort))) {
            URI management = URI.create("http://127.0.0.1:" + node.server.managementPort() + "/health/ready");
            assertEquals(200, BridgeHarness.send(HttpRequest.newBuilder(management)).statusCode());
        }
    }

    @Test
    void refusesAKeyThatIsNotTheCertificatesOrAFileThatIsNotPem() throws Exception {
        AppConfig.Tls one = TestCertificates.create(dir, "one");
        AppConfig.Tls two = TestCertificates.create(dir, "two");
        ConfigException mismatch = assertThrows(ConfigException.class,
                () -> new TlsFiles(new AppConfig.Tls(one.certificate(), two.privateKey())).load());
        assertTrue(mismatch.getMessage().startsWith("server.tls.private-key ("), mismatch.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        ConfigException notPem = assertThrows(ConfigException.class,
                () -> new TlsFiles(new AppConfig.Tls(garbage, one.privateKey())).load());
        assertTrue(notPem.getMessage().startsWith("server.tls.certificate ("), notPem.getMessage());
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        AppConfig.Tls first = TestCertificates.create(dir, "first");
        AppConfig.Tls renewed = TestCertificates.create(dir, "renewed");
        AppConfig.Tls live = new AppConfig.Tls(dir.resolve("live.crt"), dir.resolve("live.key"));
        Files.copy(first.certificate(), live.certificate());
        Files.copy(first.privateKey(), live.privateKey());
        TlsFiles files = new TlsFiles(live);
        WebServer server = WebServer.builder().host("127.0.0.1").port(0).useNio(false).tls(files.load())
                .routing(r -> r.get("/", (req, res) -> res.send("ok"))).shutdownHook(false).build().start();
        SSLContext trustBoth = TestCertificates.trusting(List.of(TestCertificates.certificate(first), TestCertificates.certificate(renewed)));
        try (TlsReloader reloader = new TlsReloader(files, Duration.ofMillis(100), server::reloadTls).start()) {
            assertEquals("CN=first", servedSubject(server, trustBoth));
            // The key first, as a renewal may leave it: a mismatched pair is not taken, the old one stays.
            Files.copy(renewed.privateKey(), live.privateKey(), StandardCopyOption.REPLACE_EXISTING);
            Thread.sleep(300);
            assertEquals("CN=first", servedSubject(server, trustBoth));
            Files.copy(renewed.certificate(), live.certificate(), StandardCopyOption.REPLACE_EXISTING);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String subject = servedSubject(server, trustBoth);
            while (!subject.equals("CN=renewed") && System.nanoTime() < until) {
                Thread.sleep(100);
                subject = servedSubject(server, trustBoth);
            }
            assertEquals("CN=renewed", subject, "new connections get the renewed certificate");
        } finally {
            server.stop();
        }
    }

    /** The subject of the certificate a new connection is shown. */
    private static String servedSubject(WebServer server, SSLContext trust) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().sslContext(trust).build()) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("ok", res.body());
            return ((X509Certificate) res.sslSession().orElseThrow().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    private static URI https(BridgeHarness node, String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + node.server.port() + pathAndQuery);
    }

    private static AppConfig withTls(AppConfig c, AppConfig.Tls tls, int managementPort) {
        AppConfig.Server s = c.server();
        return TestConfig.withServer(c, new AppConfig.Server(s.host(), s.port(), managementPort, s.corsAllowedOrigins(),
                s.shutdownDrain(), s.managementHost(), s.trustedProxies(), s.requestHeadTimeout(), s.maxConnections(),
                s.accessLog(), tls));
    }
}
