package dev.sorobanbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JSON-RPC client over java.net.http, as any RPC consumer would call the simulator. */
final class RpcCalls {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;

    RpcCalls(URI url) {
        this.url = url;
    }

    HttpResponse<String> post(String body) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The whole JSON-RPC answer envelope. */
    JsonNode call(String method, Object params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 7).put("method", method);
        if (params != null) {
            request.set("params", JSON.valueToTree(params));
        }
        HttpResponse<String> response = post(request.toString());
        assertEquals(200, response.statusCode(), response.body());
        return read(response.body());
    }

    JsonNode result(String method, Object params) {
        JsonNode answer = call(method, params);
        assertFalse(answer.has("error"), () -> "unexpected error " + answer);
        assertEquals(7, answer.get("id").asInt());
        return answer.get("result");
    }

    JsonNode error(String method, Object params) {
        JsonNode answer = call(method, params);
        assertTrue(answer.has("error"), () -> "expected an error, got " + answer);
        assertFalse(answer.has("result"));
        return answer.get("error");
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
