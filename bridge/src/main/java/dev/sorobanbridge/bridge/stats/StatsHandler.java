package dev.sorobanbridge.bridge.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.bridge.auth.Principal;
import dev.sorobanbridge.bridge.fanout.Subscription;
import dev.sorobanbridge.bridge.fanout.SubscriptionRegistry;
import dev.sorobanbridge.bridge.http.ApiException;
import dev.sorobanbridge.bridge.http.JsonMappers;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code GET /events/stats}: open streams by state, subscriptions grouped by filter, and queue depths
 * (total, deepest, and the ten deepest streams: where a slow consumer shows first). Accounts are not
 * listed. Admins only on the public port; open on the management port.
 */
public final class StatsHandler implements Handler {
    private static final int DEEPEST_SHOWN = 10;

    private final SubscriptionRegistry registry;
    private final int queueCapacity;
    private final Function<ServerRequest, Principal> authenticate;
    private final ObjectMapper json = JsonMappers.sharedBuffers();

    /** @param authenticate null on the management port, where the network is the access control */
    public StatsHandler(SubscriptionRegistry registry, int queueCapacity, Function<ServerRequest, Principal> authenticate) {
        this.registry = registry;
        this.queueCapacity = queueCapacity;
        this.authenticate = authenticate;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws Exception {
        if (authenticate != null && !authenticate.apply(req).admin()) {
            throw ApiException.forbidden("admin_only", "Stream statistics are for administrators only.");
        }
        List<Subscription> open = new ArrayList<>(registry.open());
        Map<String, Integer> byFilter = new TreeMap<>();
        int live = 0;
        long totalDepth = 0;
        for (Subscription s : open) {
            byFilter.merge(s.filter().describe(), 1, Integer::sum);
            if (s.isLive()) live++;
            totalDepth += s.queueDepth();
        }
        open.sort(Comparator.comparingInt(Subscription::queueDepth).reversed());

        ObjectNode body = json.createObjectNode();
        body.put("connections", open.size());
        body.putObject("states").put("live", live).put("replaying", open.size() - live);
        ObjectNode filters = body.putObject("subscriptionsByFilter");
        byFilter.forEach(filters::put);
        ObjectNode queues = body.putObject("queueDepths");
        queues.put("capacity", queueCapacity);
        queues.put("total", totalDepth);
        queues.put("max", open.isEmpty() ? 0 : open.getFirst().queueDepth());
        ArrayNode deepest = queues.putArray("deepest");
        for (Subscription s : open.subList(0, Math.min(DEEPEST_SHOWN, open.size()))) {
            deepest.addObject().put("clientId", s.clientId()).put("depth", s.queueDepth())
                    .put("filter", s.filter().describe()).put("openedAt", s.openedAt().toString());
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(json.writeValueAsBytes(body));
    }
}
