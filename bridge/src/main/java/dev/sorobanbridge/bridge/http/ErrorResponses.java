package dev.sorobanbridge.bridge.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.log.LogUnavailableException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Maps every error a handler throws to {@code {"error","message"}} with the right status. */
public final class ErrorResponses {
    private static final System.Logger LOG = System.getLogger(ErrorResponses.class.getName());
    /** How soon a client may retry when the store was unreachable. */
    private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);
    private final ObjectMapper json = JsonMappers.sharedBuffers();

    public void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> send(res, e));
        routing.error(LogUnavailableException.class, (req, res, e) -> send(res, new ApiException(503,
                "store_unavailable", "The event store is unreachable right now; try again shortly.",
                STORE_RETRY_AFTER)));
        routing.error(HttpException.class, (req, res, e) -> send(res, fromHelidon(e)));
        routing.error(RuntimeException.class, this::unexpected);
    }

    /**
     * The same JSON shape for what Helidon refuses before any route runs: a body over the listener's
     * {@code maxPayloadSize} (413) and a request it cannot parse (400). Helidon's own message is not
     * echoed: it may quote what the client sent.
     */
    public DirectHandlers directHandlers() {
        // Helidon reports an oversize chunked body as a BAD_REQUEST event with status 413: go by the status.
        DirectHandler json = (req, type, status, headers, message) -> status.code() == 413
                ? direct(status, headers, "body_too_large", "The request body is larger than this server accepts.")
                : direct(status, headers, "bad_request", "The request is not valid HTTP.");
        return DirectHandlers.builder()
                .addHandler(DirectHandler.EventType.PAYLOAD_TOO_LARGE, json)
                .addHandler(DirectHandler.EventType.BAD_REQUEST, json)
                .build();
    }

    private DirectHandler.TransportResponse direct(Status status, ServerResponseHeaders headers, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise two strings", e);
        }
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .entity(bytes)
                .build();
    }

    public void send(ServerResponse res, ApiException e) {
        if (res.isSent()) return;
        if (e.retryAfter() != null) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        res.status(Status.create(e.status()));
        writeJson(res, e.code(), e.getMessage());
    }

    /** Helidon's own answers (no route, wrong method, unreadable request) get the same JSON shape. */
    private static ApiException fromHelidon(HttpException e) {
        int status = e.status().code();
        return switch (status) {
            case 404 -> new ApiException(404, "not_found", "There is nothing at this address.");
            case 405 -> new ApiException(405, "method_not_allowed", "This address does not accept this method.");
            default -> new ApiException(status, e.status().reasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_'),
                    "The request could not be handled: " + e.status().reasonPhrase() + ".");
        };
    }

    private void unexpected(ServerRequest req, ServerResponse res, RuntimeException e) {
        // The path only: query strings may carry tokens or tickets.
        LOG.log(System.Logger.Level.ERROR, "unexpected error on " + req.prologue().method().text() + " "
                + req.path().path() + ": " + e, e);
        if (res.isSent()) return;
        res.status(Status.INTERNAL_SERVER_ERROR_500);
        writeJson(res, "internal_error", "The server failed to handle this request; it has been logged.");
    }

    private void writeJson(ServerResponse res, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        try {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json.writeValueAsBytes(body));
        } catch (Exception writeFailed) {
            LOG.log(System.Logger.Level.DEBUG, "could not write error response: " + writeFailed);
        }
    }
}
