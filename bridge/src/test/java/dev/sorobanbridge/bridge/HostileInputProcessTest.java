package dev.sorobanbridge.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.support.ChildNode;
import dev.sorobanbridge.bridge.support.HostileEnvelopes;
import dev.sorobanbridge.bridge.support.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Transaction;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-envelope corpus against the real product: {@code Main --demo} in a child JVM with
 * {@code -Xmx256m}, many requests in parallel. Every one is refused (400, 413 for oversize bodies),
 * nothing in the node's log is an {@code Error}, and a stream opened on the same node before the
 * attack receives exactly the events {@code /events/history} holds for that time.
 */
class HostileInputProcessTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int PARALLEL = 48;
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    @TempDir
    Path dir;

    @Test
    void hostileEnvelopesInParallelAreRefusedWhileAStreamOnTheSameNodeMissesNothing() throws Exception {
        int port = freePort();
        Map<String, String> env = Map.of("SERVER_PORT", String.valueOf(port), "DEMO_LEDGER_INTERVAL", "1s",
                // The attack is many logins from one address: rate limits are not what this test is about.
                "LIMITS_LOGINS_PER_MINUTE_PER_IP", "1000000", "LIMITS_CHALLENGES_PER_MINUTE_PER_IP", "1000000");
        try (ChildNode node = ChildNode.start(dir, dir.resolve("node.log"), env, "--demo")) {
            node.awaitLive(port, START_TIMEOUT);
            String token = login(port, KeyPair.random());
            String start = head(port, token);
            double heapBefore = heapMiB(port);

            List<String> received = new ArrayList<>();
            try (SseClient stream = SseClient.open(uri(port, "/events"),
                    Map.of("Authorization", "Bearer " + token, "Last-Event-ID", start))) {
                assertEquals(200, stream.status(), stream.errorBody());

                List<HostileEnvelopes.Case> corpus = new ArrayList<>();
                for (int round = 0; round < 3; round++) corpus.addAll(HostileEnvelopes.corpus(signedChallenge(port)));
                for (int i = 0; i < 200; i++) {
                    corpus.add(new HostileEnvelopes.Case("2^31-1 operations", "{\"transaction\":\""
                            + HostileEnvelopes.declaringOperations(Integer.MAX_VALUE) + "\"}", 400));
                    corpus.add(new HostileEnvelopes.Case("2^25 operations", "{\"transaction\":\""
                            + HostileEnvelopes.declaringOperations(1 << 25) + "\"}", 400));
                }
                // Attack in rounds until the chain has produced events during it (a ledger a second).
                int rounds = 0;
                do {
                    Map<String, Integer> wrong = attack(port, corpus);
                    assertEquals(Map.of(), wrong, "every hostile request is refused with its 400 (413 for oversize bodies)");
                    rounds++;
                } while (history(port, token, start).size() < 3 && rounds < 20);
                double heapAfter = heapMiB(port);
                System.out.printf("hostile corpus: %d rounds of %d requests, %d in parallel; heap %.1f MiB before, %.1f MiB after%n",
                        rounds, corpus.size(), PARALLEL, heapBefore, heapAfter);

                // Events went on meanwhile: read the stream up to the log's head of now.
                String head = head(port, token);
                while (received.isEmpty() || received.getLast().compareTo(head) < 0) received.addAll(stream.messageIds(1));
            }
            String last = received.getLast();
            List<String> log = history(port, token, start).stream().filter(id -> id.compareTo(last) <= 0).toList();
            assertTrue(log.size() >= 3, "ledgers closed during the attack");
            assertEquals(log, received, "the stream received exactly the log's events while the attack ran");

            String output = node.output();
            assertFalse(output.contains("OutOfMemoryError"), output);
            assertFalse(Pattern.compile("java\\.lang\\.\\w*Error").matcher(output).find(), "no Error in the log:\n" + output);
            assertFalse(output.contains("unexpected error"), "no 500 in the log:\n" + output);
            assertEquals(200, get(port, "/health/live", null).statusCode(), "the node is alive");
        }
    }

    /** Sends every case, {@link #PARALLEL} at a time; returns the cases answered otherwise than expected. */
    private Map<String, Integer> attack(int port, List<HostileEnvelopes.Case> corpus) throws InterruptedException {
        Map<String, Integer> wrong = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> notJson = new ConcurrentLinkedQueue<>();
        Semaphore slots = new Semaphore(PARALLEL);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HostileEnvelopes.Case c : corpus) {
                slots.acquire();
                threads.submit(() -> {
                    try {
                        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri(port, "/auth"))
                                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(c.body())).build(), HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() != c.expectedStatus()) wrong.put(c.name(), res.statusCode());
                        String code = c.expectedStatus() == 413 ? "{\"error\":\"body_too_large\"" : "{\"error\":";
                        if (!res.body().startsWith(code)) notJson.add(c.name() + ": " + res.body());
                    } catch (IOException | InterruptedException e) {
                        wrong.put(c.name() + " (" + e + ")", -1);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        assertEquals(List.of(), List.copyOf(notJson), "every refusal is a JSON error");
        return wrong;
    }

    private String signedChallenge(int port) throws Exception {
        KeyPair wallet = KeyPair.random();
        JsonNode challenge = json.readTree(get(port, "/auth?account=" + wallet.getAccountId(), null).body());
        Network network = new Network(challenge.path("network_passphrase").asText());
        Transaction tx = (Transaction) Transaction.fromEnvelopeXdr(challenge.path("transaction").asText(), network);
        tx.sign(wallet);
        return tx.toEnvelopeXdrBase64();
    }

    private String login(int port, KeyPair wallet) throws Exception {
        JsonNode challenge = json.readTree(get(port, "/auth?account=" + wallet.getAccountId(), null).body());
        Transaction tx = (Transaction) Transaction.fromEnvelopeXdr(challenge.path("transaction").asText(),
                new Network(challenge.path("network_passphrase").asText()));
        tx.sign(wallet);
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri(port, "/auth"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.createObjectNode().put("transaction", tx.toEnvelopeXdrBase64())
                        .toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return json.readTree(res.body()).path("token").asText();
    }

    private List<String> history(int port, String token, String after) throws Exception {
        List<String> ids = new ArrayList<>();
        String next = after;
        while (true) {
            JsonNode page = json.readTree(get(port, "/events/history?limit=1000" + (next == null ? "" : "&after=" + next), token).body());
            page.path("events").forEach(e -> ids.add(e.path("id").asText()));
            if (page.path("events").size() < 1000) return ids;
            next = page.path("next").asText();
        }
    }

    /** The log's newest id: where a forward history read ends ({@code next} of its last page). */
    private String head(int port, String token) throws Exception {
        String next = null;
        while (true) {
            JsonNode page = json.readTree(get(port, "/events/history?limit=1000" + (next == null ? "" : "&after=" + next), token).body());
            next = page.path("next").asText();
            if (page.path("events").size() < 1000) return next;
        }
    }

    private double heapMiB(int port) throws Exception {
        Matcher m = HEAP.matcher(get(port, "/metrics", null).body());
        double bytes = 0;
        while (m.find()) bytes += Double.parseDouble(m.group(1));
        return bytes / (1 << 20);
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
