package dev.sorobanbridge.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.bridge.support.SseClient;
import dev.sorobanbridge.bridge.support.SseClient.Frame;
import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatorOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Transaction;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real thing end to end: {@code Main} in a child JVM indexing a simulated RPC into SQLite, a client
 * on the live stream, SIGKILL mid-stream, a restart on the same file and port, and a reconnect with
 * Last-Event-ID: what the client received in total is exactly the log, without gap or duplicate.
 */
class MainProcessTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void killedAndRestartedNodeResumesTheStreamWithoutGapOrDuplicate() throws Exception {
        try (RpcSimulator chain = RpcSimulator.start(SimulatorOptions.manual(7).with(o -> { o.historyLedgers = 3; o.eventsPerLedger = 4; }))) {
            int port = freePort();
            Path config = writeConfig(chain, port);
            Path output = dir.resolve("node.log");
            AtomicBoolean closing = new AtomicBoolean(true);
            Thread ledgers = Thread.ofVirtual().start(() -> closeLedgers(chain, closing));

            try {
                List<String> received = new ArrayList<>();
                String start;
                String token;
                try (ChildNode first = ChildNode.start(dir, output, "--config", config.toString())) {
                    first.awaitLive(port, START_TIMEOUT);
                    token = login(port, chain.demoWallet(), chain.networkPassphrase());
                    try (SseClient client = SseClient.open(uri(port, "/events"), Map.of("Authorization", "Bearer " + token))) {
                        assertEquals(200, client.status(), client.errorBody());
                        client.next(); // retry
                        start = json.readTree(client.next().data()).path("lastEventId").asText(null);
                        while (received.size() < 20) received.addAll(client.messageIds(1));
                        first.kill();
                        client.framesUntilEnd(SseClient.WAIT).stream().filter(Frame::isMessage).forEach(f -> received.add(f.id()));
                    }
                }

                // Ledgers keep closing while the node is down: the restarted indexer catches up on them.
                try (ChildNode second = ChildNode.start(dir, output, "--config", config.toString())) {
                    second.awaitLive(port, START_TIMEOUT);
                    int before = received.size();
                    try (SseClient client = SseClient.open(uri(port, "/events"),
                            Map.of("Authorization", "Bearer " + token, "Last-Event-ID", received.getLast()))) {
                        assertEquals(200, client.status(), client.errorBody());
                        while (received.size() < before + 20) received.addAll(client.messageIds(1));
                    }

                    String last = received.getLast();
                    List<String> log = history(port, token, start).stream().filter(id -> id.compareTo(last) <= 0).toList();
                    assertEquals(received.size(), new HashSet<>(received).size(), "no duplicate");
                    assertEquals(log, received, "the union of both connections is exactly the log from the start to the last received");
                    assertFalse(second.output().contains(token), "the token never reaches the logs");
                }
            } finally {
                closing.set(false);
                ledgers.join();
            }
        }
    }

    @Test
    void demoRunsOfflineWithNothingToConfigure() throws Exception {
        int port = freePort();
        try (ChildNode demo = ChildNode.start(dir, dir.resolve("demo.log"),
                Map.of("SERVER_PORT", String.valueOf(port), "DEMO_LEDGER_INTERVAL", "1s"), "--demo")) {
            demo.awaitLive(port, START_TIMEOUT);
            assertTrue(demo.output().contains("Demo running: open http://localhost:" + port + "/"), demo.output());
            assertTrue(Files.exists(dir.resolve("data/events.db")), "SQLite under ./data/");

            KeyPair wallet = KeyPair.random();
            JsonNode challenge = json.readTree(BridgeHarness.send(HttpRequest.newBuilder(
                    uri(port, "/auth?account=" + wallet.getAccountId()))).body());
            String token = login(port, wallet, challenge.path("network_passphrase").asText());
            try (SseClient client = SseClient.open(uri(port, "/events"), Map.of("Authorization", "Bearer " + token))) {
                assertEquals(200, client.status(), client.errorBody());
                assertEquals(1, client.messageIds(1).size(), "the simulated chain's events flow live");
            }
            assertTrue(history(port, token, null).size() > 1, "the demo has history");

            // What the demo page does: a ticket for EventSource, which cannot send headers.
            var ticket = BridgeHarness.send(HttpRequest.newBuilder(uri(port, "/events/ticket"))
                    .POST(HttpRequest.BodyPublishers.noBody()), "Authorization", "Bearer " + token);
            assertEquals(200, ticket.statusCode(), ticket.body());
            try (SseClient client = SseClient.open(uri(port, "/events?wallet=me&ticket="
                    + json.readTree(ticket.body()).path("ticket").asText()))) {
                assertEquals(200, client.status(), client.errorBody());
                client.next();
                assertEquals("connected", client.next().event());
            }
            // The page comes from clients/js (built before the bridge in the reactor); a bridge-only build lacks it.
            var page = BridgeHarness.send(HttpRequest.newBuilder(uri(port, "/")));
            boolean packaged = MainProcessTest.class.getResource("/web/index.html") != null;
            assertEquals(packaged ? 200 : 404, page.statusCode(), "the demo page at /");
            if (packaged) assertTrue(page.body().toLowerCase().contains("<html"), page.body());
        }
    }

    @Test
    void badArgumentsAndBadConfigurationExitWith2AndOneSentence() throws Exception {
        try (ChildNode node = ChildNode.start(dir, dir.resolve("args.log"), "--role", "leader")) {
            assertEquals(2, node.awaitExit(START_TIMEOUT));
            assertTrue(node.output().strip().endsWith("--role must be all, indexer or bridge, got 'leader'."), node.output());
        }
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "server:\n  port: eighty\n");
        try (ChildNode node = ChildNode.start(dir, dir.resolve("config.log"), "--demo", "--config", bad.toString())) {
            assertEquals(2, node.awaitExit(START_TIMEOUT));
            assertTrue(node.output().contains("server.port"), node.output());
        }
    }

    private Path writeConfig(RpcSimulator chain, int port) {
        return NodeConfigFile.write(dir, chain, port, "  poll-interval: 200ms", "stream:\n  heartbeat: 1s");
    }

    /** SEP-10 as a wallet does it: fetch the challenge, sign it, exchange it for a JWT. */
    private String login(int port, KeyPair wallet, String passphrase) throws Exception {
        var challenge = BridgeHarness.send(HttpRequest.newBuilder(uri(port, "/auth?account=" + wallet.getAccountId())));
        assertEquals(200, challenge.statusCode(), challenge.body());
        JsonNode body = json.readTree(challenge.body());
        assertEquals(passphrase, body.path("network_passphrase").asText());
        Transaction tx = (Transaction) Transaction.fromEnvelopeXdr(body.path("transaction").asText(), new Network(passphrase));
        tx.sign(wallet);
        var token = BridgeHarness.send(HttpRequest.newBuilder(uri(port, "/auth"))
                .POST(HttpRequest.BodyPublishers.ofString(json.createObjectNode()
                        .put("transaction", tx.toEnvelopeXdrBase64()).toString())), "Content-Type", "application/json");
        assertEquals(200, token.statusCode(), token.body());
        return json.readTree(token.body()).path("token").asText();
    }

    private static void closeLedgers(RpcSimulator chain, AtomicBoolean running) {
        while (running.get()) {
            chain.closeLedger();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<String> history(int port, String token, String after) throws Exception {
        List<String> ids = new ArrayList<>();
        String next = after;
        while (true) {
            JsonNode page = json.readTree(BridgeHarness.send(HttpRequest.newBuilder(uri(port, "/events/history?limit=1000"
                    + (next == null ? "" : "&after=" + next))), "Authorization", "Bearer " + token).body());
            page.path("events").forEach(e -> ids.add(e.path("id").asText()));
            if (page.path("events").size() < 1000) return ids;
            next = page.path("next").asText();
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() {
        return NodeConfigFile.freePort();
    }
}
