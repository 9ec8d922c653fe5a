package dev.sorobanbridge.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Transaction;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What a wallet and a Prometheus server do against a running node, over real HTTP. */
final class ProductClient {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    ProductClient(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) request.headers(headers);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path, String... headers) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path, headers);
        if (response.statusCode() != 200) throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        return json.readTree(response.body());
    }

    /** Polls GET /health/ready until it answers 200, and returns its body. */
    JsonNode awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get("/health/ready");
            if (last.statusCode() == 200) return json.readTree(last.body());
            Thread.sleep(250);
        }
        throw new AssertionError("/health/ready did not answer 200 within " + timeout + "; last: "
                + (last == null ? "nothing" : last.statusCode() + " " + last.body()));
    }

    /** SEP-10 as a wallet does it: the challenge, signed by a fresh account, exchanged for a JWT. */
    String login() throws Exception {
        KeyPair wallet = KeyPair.random();
        JsonNode challenge = getJson("/auth?account=" + wallet.getAccountId());
        String passphrase = challenge.path("network_passphrase").asText();
        Transaction tx = (Transaction) Transaction.fromEnvelopeXdr(challenge.path("transaction").asText(), new Network(passphrase));
        tx.sign(wallet);
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(uri("/auth"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.createObjectNode()
                        .put("transaction", tx.toEnvelopeXdrBase64()).toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) throw new AssertionError("POST /auth answered " + token.statusCode() + ": " + token.body());
        return json.readTree(token.body()).path("token").asText();
    }

    /** Opens GET /events with the JWT and returns the data of the first activity event (a frame with an id). */
    JsonNode firstStreamedEvent(String token, Duration timeout) throws Exception {
        HttpResponse<Stream<String>> response = openStream(token);
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /events answered " + response.statusCode() + ": " + String.join("\n", lines.toList()));
            }
            Iterator<String> it = lines.iterator();
            return CompletableFuture.supplyAsync(() -> {
                // An activity event is an unnamed message; connected, heartbeat and reset are named (connected has an id too).
                boolean named = false;
                String data = null;
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("event:")) named = true;
                    else if (line.startsWith("data:")) data = line.substring(5).strip();
                    else if (line.isEmpty()) {
                        if (!named && data != null) return data;
                        named = false;
                        data = null;
                    }
                }
                throw new AssertionError("the stream ended before an activity event");
            }).thenApply(this::parse).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    HttpResponse<Stream<String>> openStream(String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri("/events")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
