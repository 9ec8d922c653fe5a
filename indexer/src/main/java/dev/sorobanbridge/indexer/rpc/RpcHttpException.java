package dev.sorobanbridge.indexer.rpc;

import java.time.Duration;
import java.util.Optional;

/**
 * The RPC (or a proxy in front of it) answered with a non-2xx HTTP status, e.g. 429 when rate
 * limited or 503 with no body when stellar-rpc's global request backlog is full.
 */
public final class RpcHttpException extends RpcException {
    private final int status;
    private final Duration retryAfter;

    /**
     * @param retryAfter the parsed {@code Retry-After} header, or null when absent or unreadable
     * @param bodyStart  the first characters of the body, for the log line ("" when there is none)
     */
    public RpcHttpException(String method, int status, Duration retryAfter, String bodyStart) {
        super(method, "HTTP " + status + (bodyStart.isEmpty() ? " (no body)" : ": " + bodyStart), null);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** How long the server asked us to wait before the next request. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String outcome() {
        return "http_error";
    }
}
