package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.TestAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static dev.sorobanbridge.bridge.support.TestEvents.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens and tickets travel in query strings; no log line may ever contain one. */
class LogRedactionTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringWriter text = new StringWriter().append(formatter.formatMessage(record));
            if (record.getThrown() != null) record.getThrown().printStackTrace(new PrintWriter(text));
            lines.add(record.getLoggerName() + " " + text);
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    };
    private final Logger ours = Logger.getLogger("dev.sorobanbridge");
    private Level oursBefore;

    @TempDir
    Path dir;

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        oursBefore = ours.getLevel();
        ours.setLevel(Level.ALL); // our own debug lines too, not only what production shows
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
        ours.setLevel(oursBefore);
    }

    @Test
    void noLogLineContainsATokenOrTicket() {
        try (BridgeHarness node = BridgeHarness.start(dir, Map.of("stream.retry", "1s",
                "stream.heartbeat", "100ms", "stream.max-lifetime", "1s", "stream.queue-capacity", "4",
                "limits.max-streams-per-wallet", "1"))) {
            String token = node.auth.token(account(1));
            String ticket = node.auth.ticket(account(2));
            try (SseClient ok = node.stream("/events?token=" + token + "&wallet=me");
                 SseClient byTicket = node.stream("/events?ticket=" + ticket)) {
                ok.next();
                byTicket.next();
                try (SseClient replacing = node.stream("/events?ticket=" + ticket)) {
                    replacing.next();
                }
                assertEquals(429, node.get("/events?token=" + token).statusCode());
                assertTrue(ok.awaitEnd(SseClient.WAIT), "lifetime end is logged at debug");
            }
            assertEquals(400, node.get("/events?token=" + token + "&wallet=nope").statusCode());
            assertEquals(401, node.get("/events?ticket=secret-ticket-unknown").statusCode());
            assertEquals(401, node.get("/events/history?token=secret-token-unknown").statusCode());
            assertEquals(500, node.get("/events?token=" + TestAuth.FAILING_TOKEN).statusCode());
            assertEquals(500, SseClient.open(node.uri("/events/history?token=" + TestAuth.FAILING_TOKEN),
                    Map.of("Last-Event-ID", "x")).status());
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("unexpected error on GET /events")),
                "the failure is logged, by path: " + lines);
        List<String> leaking = lines.stream().filter(l -> l.contains("secret-")).toList();
        assertEquals(List.of(), leaking);
    }
}
