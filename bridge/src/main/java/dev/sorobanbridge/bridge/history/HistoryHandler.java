package dev.sorobanbridge.bridge.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.filter.EventFilter;
import dev.sorobanbridge.bridge.filter.EventIds;
import dev.sorobanbridge.bridge.filter.FilterParser;
import dev.sorobanbridge.bridge.http.ApiException;
import dev.sorobanbridge.bridge.http.ClientAddress;
import dev.sorobanbridge.bridge.limits.RateLimiter;
import dev.sorobanbridge.indexer.log.EventLog;
import dev.sorobanbridge.indexer.log.StoredEvent;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /events/history?after=<id>&limit=N} plus the stream's filters:
 * {@code {"events":[…],"next":"<id>"}}. {@code next} is where to continue: the last event's id when
 * the page is full, otherwise the log's head, so a client that loads history and then subscribes with
 * {@code lastEventId=<next>} misses nothing stored in between and replays nothing twice.
 */
public final class HistoryHandler implements Handler {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final EventLog log;
    private final Function<ServerRequest, Principal> authenticate;
    private final RateLimiter rateLimiter;
    private final FilterParser filters = new FilterParser();
    private final ObjectMapper json = new ObjectMapper();

    /** @param rateLimiter {@code limits.history-per-minute-per-ip}, taken before the credentials are checked */
    public HistoryHandler(EventLog log, Function<ServerRequest, Principal> authenticate, RateLimiter rateLimiter) {
        this.log = log;
        this.authenticate = authenticate;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        rateLimiter.acquire(ClientAddress.of(req).limitKey());
        Principal principal = authenticate.apply(req);
        EventFilter filter = filters.parse(req.query(), principal);
        String after = EventIds.parse(req.query().first("after").orElse(null), "after parameter");
        int limit = limit(req.query().first("limit").orElse(null));

        // The head is read before the page: an event stored in between is then either in the page or after `next`.
        String head = log.newestId().orElse(null);
        List<StoredEvent> events = log.readStored(filter.query(after, limit));
        String next = events.size() == limit
                ? events.getLast().id()
                : newest(head, events.isEmpty() ? null : events.getLast().id());
        if (next == null) next = after; // the log is empty

        ObjectNode body = json.createObjectNode();
        ArrayNode array = body.putArray("events");
        try {
            for (StoredEvent event : events) array.addRawValue(new RawValue(event.json()));
            body.put("next", next);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.send(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) return DEFAULT_LIMIT;
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) return limit;
        } catch (NumberFormatException notANumber) {
            // falls through to the same answer as an out-of-range number
        }
        throw ApiException.badRequest("bad_limit", "The limit parameter must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    private static String newest(String a, String b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }
}
