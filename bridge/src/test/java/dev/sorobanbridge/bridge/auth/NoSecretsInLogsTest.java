package dev.sorobanbridge.bridge.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static dev.sorobanbridge.bridge.auth.Tokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Everything auth logs, down to debug, while credentials good and bad go through: no credential appears. */
class NoSecretsInLogsTest {
    @TempDir
    Path dir;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { records.add(r); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private final Logger ours = Logger.getLogger("dev.sorobanbridge");
    private Level oursBefore;

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        oursBefore = ours.getLevel();
        ours.setLevel(Level.ALL);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
        ours.setLevel(oursBefore);
    }

    @Test
    void noTokenTicketSeedOrSecretReachesTheLog() throws Exception {
        MutableClock clock = new MutableClock();
        TestAuthConfig config = new TestAuthConfig();
        config.signingSeed = "";  // generated: its file content must not be logged either
        config.allowQueryToken = true;  // a query token is one more place a token could leak from
        List<String> secrets = new ArrayList<>(List.of(TestAuthConfig.HS256_SECRET));
        try (AuthServer server = AuthServer.start(config.build(), TestDatabases.sqlite(dir), clock, dir)) {
            secrets.add(Files.readString(dir.resolve("sep10-signing-seed")).strip());
            Wallet wallet = new Wallet();
            String signedChallenge = wallet.sign(wallet.challenge(server));
            String token = AuthServer.json(Wallet.postJson(server, signedChallenge)).get("token").asText();
            String formToken = AuthServer.json(server.post("/auth", "application/x-www-form-urlencoded",
                    "transaction=" + URLEncoder.encode(wallet.sign(wallet.challenge(server)), StandardCharsets.UTF_8)))
                    .get("token").asText();
            String ticket = Wallet.ticket(server, token);
            assertEquals(200, server.get("/events?ticket=" + ticket).statusCode());
            assertEquals(200, server.get("/events?token=" + formToken).statusCode());
            assertEquals(200, server.get("/events", "Authorization", bearer(token)).statusCode());
            String tampered = token.substring(0, token.length() - 4) + "AAAA";
            assertEquals(401, server.get("/events", "Authorization", bearer(tampered)).statusCode());
            assertEquals(401, server.get("/events?ticket=" + ticket + "x").statusCode());
            assertEquals(401, server.get("/events/history?ticket=" + ticket).statusCode());
            assertEquals(204, server.delete("/auth", "Authorization", bearer(token)).statusCode());
            assertEquals(401, server.get("/events?ticket=" + ticket).statusCode());
            secrets.addAll(List.of(token, formToken, ticket, tampered));
            secrets.add(token.split("\\.")[2]);
            secrets.add(ticket.substring(ticket.lastIndexOf('.') + 1));
            secrets.add(signedChallenge);
        }

        String log = render(records);
        assertTrue(log.contains("SEP-10 login"), "the capture works: " + log);
        assertTrue(log.contains("auth.signing-seed is not configured"), "the generated seed is announced: " + log);
        assertTrue(log.contains("auth rejected: session_revoked"), "rejections are logged by code: " + log);
        for (String secret : secrets) {
            assertTrue(!log.contains(secret), "the log contains a credential:\n" + log);
        }
    }

    private static String render(List<LogRecord> records) {
        SimpleFormatter formatter = new SimpleFormatter();
        StringBuilder all = new StringBuilder();
        for (LogRecord r : records) {
            all.append(r.getLoggerName()).append(' ').append(formatter.formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                all.append(trace).append('\n');
            }
        }
        return all.toString();
    }
}
