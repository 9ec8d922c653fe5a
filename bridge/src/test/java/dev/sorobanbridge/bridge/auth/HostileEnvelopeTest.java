package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.bridge.support.HostileEnvelopes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.sorobanbridge.bridge.auth.Wallet.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every hostile envelope of the corpus, posted to a real server's {@code POST /auth}, gets its 400
 * (413 for oversize bodies) as a JSON error, and the wallet whose challenge it was made from still
 * logs in with it afterwards: nothing was consumed or broken.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileEnvelopeTest {
    private final MutableClock clock = new MutableClock();
    private final Wallet wallet = new Wallet();
    private AuthServer server;
    private String signed;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AuthServer.start(new TestAuthConfig().build(), TestDatabases.sqlite(dir), clock, dir);
        signed = wallet.sign(wallet.challenge(server));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> eachHostileEnvelopeIsRefusedBeforeTheSdkDecodesIt() {
        Stream<DynamicTest> corpus = HostileEnvelopes.corpus(signed).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            HttpResponse<String> res = server.post("/auth", "application/json", c.body());
            assertError(res, c.expectedStatus(), c.expectedStatus() == 413 ? "body_too_large"
                    : AuthServer.json(res).path("error").asText());
            assertEquals(c.expectedStatus(), res.statusCode(), c.name() + ": " + res.body());
        }));
        DynamicTest stillGood = DynamicTest.dynamicTest("the genuine signed challenge still logs in", () -> {
            HttpResponse<String> res = Wallet.postJson(server, signed);
            assertEquals(200, res.statusCode(), res.body());
        });
        return Stream.concat(corpus, Stream.of(stillGood));
    }
}
