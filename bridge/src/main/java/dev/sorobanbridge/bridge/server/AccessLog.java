package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.http.ClientAddress;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code server.access-log}: one line per request once it is answered (a stream: once it ends), e.g.
 * {@code 203.0.113.7 GET /events?ticket=REDACTED&type=invoice.* 200 61234ms}: client address (as the
 * trusted-proxy rules resolve it), method, path and query with every credential's value replaced, status
 * and duration. Logged by {@code dev.sorobanbridge.bridge.access} at INFO.
 */
final class AccessLog implements Filter {
    private static final System.Logger LOG = System.getLogger("dev.sorobanbridge.bridge.access");
    /** Query parameters whose values are credentials. */
    private static final Set<String> CREDENTIALS = Set.of("ticket", "token", "access_token", "jwt");
    /** A log line is for reading: a longer target is cut (Helidon already bounds the request line). */
    private static final int MAX_TARGET_CHARS = 512;

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long started = System.nanoTime();
        String target = target(req.path().rawPath(), req.query().rawValue());
        String method = req.prologue().method().text();
        String client = ClientAddress.of(req).text();
        AtomicBoolean logged = new AtomicBoolean();
        Runnable log = () -> {
            if (logged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, client + " " + method + " " + target + " " + res.status().code() + " "
                        + (System.nanoTime() - started) / 1_000_000 + "ms");
            }
        };
        // An error is answered after this filter returns, by the error handlers: log when it is sent.
        res.whenSent(log);
        try {
            chain.proceed();
        } catch (RuntimeException e) {
            // Once a body has started (a stream whose client went away), no error answer will follow.
            if (res.hasEntity()) log.run();
            throw e;
        }
        log.run(); // answered by now, or the client went away mid-answer
    }

    /** The path and query as sent, with credential values replaced and anything unprintable escaped. */
    static String target(String rawPath, String rawQuery) {
        StringBuilder out = new StringBuilder(rawPath);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            out.append('?');
            String[] params = rawQuery.split("&", -1);
            for (int i = 0; i < params.length; i++) {
                if (i > 0) out.append('&');
                String param = params[i];
                int eq = param.indexOf('=');
                String name = eq < 0 ? param : param.substring(0, eq);
                if (CREDENTIALS.contains(decode(name).toLowerCase(Locale.ROOT))) {
                    out.append(name).append("=REDACTED");
                } else {
                    out.append(param);
                }
            }
        }
        String printable = out.toString().replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() > MAX_TARGET_CHARS ? printable.substring(0, MAX_TARGET_CHARS) + "..." : printable;
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }
}
