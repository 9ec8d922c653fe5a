package dev.sorobanbridge.bridge.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.fanout.Subscription;
import dev.sorobanbridge.bridge.fanout.SubscriptionRegistry;
import dev.sorobanbridge.bridge.filter.EventFilter;
import dev.sorobanbridge.bridge.filter.EventIds;
import dev.sorobanbridge.bridge.filter.FilterParser;
import dev.sorobanbridge.bridge.http.ApiException;
import dev.sorobanbridge.bridge.http.ClientAddress;
import dev.sorobanbridge.bridge.http.JsonMappers;
import dev.sorobanbridge.bridge.limits.RateLimiter;
import dev.sorobanbridge.bridge.metrics.LimitMetrics;
import dev.sorobanbridge.bridge.metrics.StreamMetrics;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.EventLog;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code GET /events}: admits a stream (rate limit, credentials, filters, resume id, caps), then
 * subscribes it to the fan-out <em>before</em> replaying from the log, so nothing stored in between
 * is missed; the stream itself skips what it already sent.
 */
public final class StreamHandler implements Handler {
    public static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final HeaderName X_ACCEL_BUFFERING = HeaderNames.create("X-Accel-Buffering");
    /** Per-connection spread of the lifetime and retry delay (±20 %: docs/design.md#stream-lifetime-and-jitter). */
    private static final double JITTER = 0.2;

    private final AppConfig.Stream settings;
    private final EventLog log;
    private final SubscriptionRegistry registry;
    private final StreamMetrics metrics;
    private final RateLimiter rateLimiter;
    private final LimitMetrics limitMetrics;
    private final Function<ServerRequest, Principal> authenticate;
    private final Predicate<String> isRevoked;
    private final Clock clock;
    private final FilterParser filters = new FilterParser();
    /** Writes the {@code connected} and {@code reset} events; see {@link JsonMappers} for why its buffers are shared. */
    private final ObjectMapper json = JsonMappers.sharedBuffers();
    private final ResumePlanner resume;
    private final IndexedHead head;

    /**
     * @param authenticate returns who is calling or throws {@link ApiException} 401
     * @param isRevoked    true when a session (JWT id) has been revoked: its streams end
     * @param head         the indexed head that {@code connected} and {@code heartbeat} report
     */
    public StreamHandler(AppConfig.Stream settings, EventLog log, SubscriptionRegistry registry, StreamMetrics metrics,
                         RateLimiter rateLimiter, LimitMetrics limitMetrics, Function<ServerRequest, Principal> authenticate,
                         Predicate<String> isRevoked, Clock clock, IndexedHead head) {
        this.settings = settings;
        this.log = log;
        this.registry = registry;
        this.metrics = metrics;
        this.rateLimiter = rateLimiter;
        this.limitMetrics = limitMetrics;
        this.authenticate = authenticate;
        this.isRevoked = isRevoked;
        this.clock = clock;
        this.resume = new ResumePlanner(log);
        this.head = head;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Subscription subscription;
        StartPosition start;
        try {
            String clientKey = ClientAddress.of(req).limitKey();
            rateLimiter.acquire(clientKey);
            Principal principal = authenticate.apply(req);
            EventFilter filter = filters.parse(req.query(), principal);
            start = resume.plan(resumeId(req));
            subscription = registry.register(newClientId(), principal, filter, clientKey);
        } catch (ApiException e) {
            if (e.status() == 429 || e.status() == 503) metrics.rejected(e.code());
            String cap = capOf(e.code());
            if (cap != null) limitMetrics.rejected(cap);
            throw e;
        }
        subscription.attachCurrentThread();
        try {
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header(X_ACCEL_BUFFERING, "no");
            try (OutputStream out = res.outputStream()) {
                new EventStream(subscription, start, timing(), log, metrics, isRevoked, clock, json, head).run(new SseWriter(out));
            } catch (Exception closeFailed) {
                // The client is gone; nothing left to tell it.
            }
        } finally {
            registry.remove(subscription);
            subscription.detachCurrentThread();
        }
    }

    /** The header wins: a native EventSource reconnects to its original URL, whose lastEventId is stale. */
    private static String resumeId(ServerRequest req) {
        String header = req.headers().first(LAST_EVENT_ID).orElse(null);
        if (header != null && !header.isEmpty()) return EventIds.parse(header, "Last-Event-ID header");
        return EventIds.parse(req.query().first("lastEventId").orElse(null), "lastEventId parameter");
    }

    private EventStream.Timing timing() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Duration retry = jitter(settings.retry(), random);
        Duration lifetime = jitter(settings.maxLifetime(), random);
        return new EventStream.Timing(retry, settings.heartbeat(), clock.instant().plus(lifetime));
    }

    private static Duration jitter(Duration base, ThreadLocalRandom random) {
        return Duration.ofMillis(Math.round(base.toMillis() * random.nextDouble(1 - JITTER, 1 + JITTER)));
    }

    private static String newClientId() {
        byte[] bytes = new byte[9];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The {@code limits.*} key behind a stream cap's refusal (the rate limiter counts its own). */
    private static String capOf(String code) {
        return switch (code) {
            case "too_many_streams" -> "max-streams-per-node";
            case "too_many_streams_for_wallet" -> "max-streams-per-wallet";
            case "too_many_streams_for_address" -> "max-streams-per-ip";
            default -> null;
        };
    }
}
