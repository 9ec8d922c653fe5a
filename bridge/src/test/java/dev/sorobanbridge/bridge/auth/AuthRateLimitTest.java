package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.bridge.support.RawHttp;
import dev.sorobanbridge.config.AppConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Challenges and logins are limited per client address before anything is parsed, tickets per session;
 * each refusal is a 429 with Retry-After, counted in {@code limits_rejected_total{limit}}. The clock
 * stands still, so the counts are exact.
 */
class AuthRateLimitTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private AuthServer start(int challenges, int logins, int tickets) {
        AppConfig.Limits limits = new AppConfig.Limits(10, 20_000, 1000, 1000, challenges, logins, tickets, 1000);
        return AuthServer.start(new TestAuthConfig().build(), limits, TestDatabases.sqlite(dir), clock, dir, metrics);
    }

    private double rejected(String limit) {
        Counter c = metrics.find("limits.rejected").tag("limit", limit).counter();
        return c == null ? 0 : c.count();
    }

    private static void assertTooMany(RawHttp.Response res) {
        assertEquals(429, res.status(), res.body());
        assertNotNull(res.header("Retry-After"));
        assertTrue(res.body().contains("\"error\":\"rate_limited\""), res.body());
    }

    @Test
    void challengesArePerAddress() {
        try (AuthServer server = start(3, 1000, 1000);
             RawHttp a = RawHttp.connect("127.0.0.2", server.uri("/").getPort());
             RawHttp b = RawHttp.connect("127.0.0.3", server.uri("/").getPort())) {
            String path = "/auth?account=" + new Wallet().account();
            for (int i = 0; i < 3; i++) assertEquals(200, a.get(path).status());
            RawHttp.Response refused = a.get(path);
            assertTooMany(refused);
            assertEquals("20", refused.header("Retry-After"), "3 per minute: the next in 20 s");
            assertEquals(1.0, rejected("challenges-per-minute-per-ip"));
            assertEquals(200, b.get(path).status(), "another address has its own budget");
            clock.advance(Duration.ofSeconds(20));
            assertEquals(200, a.get(path).status(), "refilled");
        }
    }

    @Test
    void loginsArePerAddressAndRefusedBeforeTheBodyIsRead() {
        try (AuthServer server = start(1000, 3, 1000);
             RawHttp a = RawHttp.connect("127.0.0.2", server.uri("/").getPort());
             RawHttp b = RawHttp.connect("127.0.0.3", server.uri("/").getPort())) {
            String junk = "{\"transaction\":\"AAAA\"}";
            for (int i = 0; i < 3; i++) {
                assertEquals(400, a.request("POST", "/auth", junk, "Content-Type: application/json").status());
            }
            assertTooMany(a.request("POST", "/auth", junk, "Content-Type: application/json"));
            assertEquals(1.0, rejected("logins-per-minute-per-ip"));
            assertEquals(400, b.request("POST", "/auth", junk, "Content-Type: application/json").status());
        }
    }

    @Test
    void threeHundredTicketsInOneInstantGiveSixtyThen429ForThatSessionOnly() {
        try (AuthServer server = start(1000, 1000, 60)) {
            String jwt = new Wallet().login(server);
            int issued = 0;
            int refused = 0;
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> res = server.post("/events/ticket", null, "", "Authorization", "Bearer " + jwt);
                if (res.statusCode() == 200) issued++;
                if (res.statusCode() == 429) {
                    refused++;
                    assertEquals("1", res.headers().firstValue("Retry-After").orElse(null), "one ticket a second comes back");
                }
            }
            assertEquals(60, issued);
            assertEquals(240, refused);
            assertEquals(240.0, rejected("tickets-per-minute-per-session"));

            String otherSession = new Wallet().login(server);
            assertEquals(200, server.post("/events/ticket", null, "", "Authorization", "Bearer " + otherSession).statusCode());
            clock.advance(Duration.ofSeconds(1));
            assertEquals(200, server.post("/events/ticket", null, "", "Authorization", "Bearer " + jwt).statusCode());
        }
    }
}
