package dev.sorobanbridge.bench.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/** The bridge's short request/response routes: login, tickets, history, metrics, health. */
final class BridgeClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    BridgeClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    record Challenge(String transaction, String networkPassphrase) {}

    /** One event of a history page, as much as the driver needs. */
    record HistoryEvent(String id, String invoiceId, List<String> wallets) {}

    record HistoryPage(List<HistoryEvent> events, String next) {}

    Challenge challenge(String account) {
        JsonNode body = send(get("/auth?account=" + encode(account)).build());
        return new Challenge(body.path("transaction").asText(), body.path("network_passphrase").asText());
    }

    String token(String signedTransaction) {
        String request = json.createObjectNode().put("transaction", signedTransaction).toString();
        JsonNode body = send(HttpRequest.newBuilder(base.resolve("/auth")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build());
        return body.path("token").asText();
    }

    String ticket(String jwt) {
        JsonNode body = send(HttpRequest.newBuilder(base.resolve("/events/ticket")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + jwt)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        return body.path("ticket").asText();
    }

    /** @param filterQuery {@code invoiceId=42} or empty; @param after exclusive start, null for the oldest */
    HistoryPage history(String jwt, String filterQuery, String after, int limit) {
        StringBuilder path = new StringBuilder("/events/history?limit=").append(limit);
        if (!filterQuery.isEmpty()) path.append('&').append(filterQuery);
        if (after != null) path.append("&after=").append(encode(after));
        JsonNode body = send(get(path.toString()).header("Authorization", "Bearer " + jwt).build());
        List<HistoryEvent> events = new ArrayList<>();
        for (JsonNode e : body.path("events")) {
            List<String> wallets = new ArrayList<>();
            e.path("wallets").forEach(w -> wallets.add(w.asText()));
            events.add(new HistoryEvent(e.path("id").asText(),
                    e.path("invoiceId").isTextual() ? e.path("invoiceId").asText() : null, wallets));
        }
        return new HistoryPage(events, body.path("next").isTextual() ? body.path("next").asText() : null);
    }

    /** The Prometheus text of {@code /metrics}. */
    String metrics() {
        return sendText(get("/metrics").build());
    }

    boolean ready() {
        try {
            return http.send(get("/health/ready").build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest.Builder get(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).GET();
    }

    private JsonNode send(HttpRequest request) {
        try {
            return json.readTree(sendText(request));
        } catch (IOException e) {
            throw new UncheckedIOException("bad JSON from " + request.uri().getPath(), e);
        }
    }

    private String sendText(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new BridgeException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + ": " + abbreviate(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted");
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }

    /** The bridge answered something other than 200. */
    static final class BridgeException extends RuntimeException {
        BridgeException(String message) {
            super(message);
        }
    }
}
