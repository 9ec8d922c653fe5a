package dev.sorobanbridge.bridge.http;

import java.time.Duration;

/**
 * A request that cannot be served, with what the client is told: an HTTP status, a stable
 * machine-readable code and one human sentence. Thrown from any handler; {@link ErrorResponses}
 * turns it into the JSON error body of docs/design.md#errors in one place.
 *
 * @param retryAfter sent as {@code Retry-After} (429, 503); null for none
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Duration retryAfter;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public int status() { return status; }

    public String code() { return code; }

    public Duration retryAfter() { return retryAfter; }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(403, code, message);
    }
}
