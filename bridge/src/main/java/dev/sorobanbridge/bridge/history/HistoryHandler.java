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
import dev.sorobanbridge.bridge.http.JsonMappers;
import dev.sorobanbridge.bridge.limits.RateLimiter;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.LogPage;
import dev.sorobanbridge.log.StoredEvent;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /events/history} plus the stream's filters: {@code {"events":[…],"next":"<id>","head":"<id>"}}.
 *
 * <p>{@code head} is the log's newest id when the page was read, and the page holds nothing newer, so
 * "this page, then {@code lastEventId=<head>} on the stream" has no gap and no duplicate.
 *
 * <p>Oldest first ({@code after=<id>}, the default): {@code next} is where to continue, the last event's
 * id when the page is full, otherwise the head, so a client that loads all history and then subscribes
 * with {@code lastEventId=<next>} misses nothing stored in between and replays nothing twice.
 *
 * <p>Newest first ({@code order=desc}, optionally {@code before=<id>}): {@code next} is the
 * {@code before} of the next older page, null once the page reaches the oldest matching event.
 */
public final class HistoryHandler implements Handler {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final EventLog log;
    private final Function<ServerRequest, Principal> authenticate;
    private final RateLimiter rateLimiter;
    private final FilterParser filters = new FilterParser();
    private final ObjectMapper json = JsonMappers.sharedBuffers();

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
        String before = EventIds.parse(req.query().first("before").orElse(null), "before parameter");
        EventQuery.Order order = order(req.query().first("order").orElse(null));
        int limit = limit(req.query().first("limit").orElse(null));
        if (before != null && order != EventQuery.Order.DESCENDING) {
            throw ApiException.badRequest("bad_before", "The before parameter pages backwards: use it with order=desc.");
        }

        List<StoredEvent> events;
        String head;
        String next;
        if (order == EventQuery.Order.DESCENDING) {
            // One row more than asked says whether an older page exists, so the last page says null
            // instead of sending the client for an empty one.
            LogPage page = log.readPage(filter.query(after, before, order, limit + 1));
            head = page.head();
            events = page.events().size() > limit ? page.events().subList(0, limit) : page.events();
            next = page.events().size() > limit ? events.getLast().id() : null;
        } else {
            LogPage page = log.readPage(filter.query(after, null, order, limit));
            head = page.head();
            events = page.events();
            // Exhausted: continue after the head; on an empty log, after the client's own id.
            next = events.size() == limit ? events.getLast().id() : head != null ? head : after;
        }

        ObjectNode body = json.createObjectNode();
        ArrayNode array = body.putArray("events");
        try {
            for (StoredEvent event : events) array.addRawValue(new RawValue(event.json()));
            body.put("next", next);
            body.put("head", head);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.send(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EventQuery.Order order(String value) {
        if (value == null || value.isEmpty() || value.equals("asc")) return EventQuery.Order.ASCENDING;
        if (value.equals("desc")) return EventQuery.Order.DESCENDING;
        throw ApiException.badRequest("bad_order", "The order parameter must be asc (oldest first) or desc (newest first).");
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
}
