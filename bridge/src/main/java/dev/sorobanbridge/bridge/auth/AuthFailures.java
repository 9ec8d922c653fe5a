package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.bridge.http.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Builds the {@link ApiException} for a rejected credential and counts it as
 * {@code auth_failures_total{reason}}, so every rejection is both answered and visible to operators.
 * The reason tag is the stable error code, never anything the client sent.
 */
final class AuthFailures {
    private static final System.Logger LOG = System.getLogger(AuthFailures.class.getName());
    private final MeterRegistry registry;

    AuthFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    ApiException unauthorized(String code, String message) {
        return reject(401, code, message);
    }

    ApiException badRequest(String code, String message) {
        return reject(400, code, message);
    }

    ApiException reject(int status, String code, String message) {
        Counter.builder("auth.failures")
                .description("Rejected logins, tokens and tickets, by reason")
                .tag("reason", code)
                .register(registry)
                .increment();
        LOG.log(System.Logger.Level.DEBUG, "auth rejected: " + code);
        return new ApiException(status, code, message);
    }
}
