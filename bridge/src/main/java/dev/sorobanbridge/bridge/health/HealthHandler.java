package dev.sorobanbridge.bridge.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.bridge.http.JsonMappers;
import dev.sorobanbridge.log.EventLog;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.function.Supplier;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready}: the store is reachable
 * and, on an indexer node, the indexer is either a healthy standby or the leader within
 * {@code indexer.max-lag-ledgers} of the chain. 503 when not ready.
 */
public final class HealthHandler {
    private static final System.Logger LOG = System.getLogger(HealthHandler.class.getName());

    private final String role;
    private final EventLog log;
    private final Supplier<IndexerState> indexer;
    private final long maxLagLedgers;
    private final ObjectMapper json = JsonMappers.sharedBuffers();

    /**
     * @param role    all, indexer or bridge: reported as is
     * @param indexer this node's indexer, or null when the node runs none (role bridge)
     */
    public HealthHandler(String role, EventLog log, Supplier<IndexerState> indexer, long maxLagLedgers) {
        this.role = role;
        this.log = log;
        this.indexer = indexer;
        this.maxLagLedgers = maxLagLedgers;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/health/live", this::live);
        routing.get("/health/ready", this::ready);
    }

    private void live(ServerRequest req, ServerResponse res) throws Exception {
        send(res, Status.OK_200, json.createObjectNode().put("status", "UP").put("role", role));
    }

    private void ready(ServerRequest req, ServerResponse res) throws Exception {
        ObjectNode body = json.createObjectNode();
        body.put("role", role);
        boolean storeUp = storeReachable();
        body.put("store", storeUp ? "UP" : "DOWN");
        boolean ready = storeUp;
        if (indexer != null) {
            IndexerState state = indexer.get();
            body.put("leader", state.leader());
            if (state.lagLedgers().isPresent()) body.put("lagLedgers", state.lagLedgers().getAsLong());
            else body.putNull("lagLedgers");
            body.put("maxLagLedgers", maxLagLedgers);
            // A standby does not poll, so its lag says nothing: it is ready to take over when the store is.
            boolean indexerOk = !state.leader()
                    || (state.lagLedgers().isPresent() && state.lagLedgers().getAsLong() <= maxLagLedgers);
            body.put("indexer", indexerOk ? "UP" : "DOWN");
            ready &= indexerOk;
        }
        body.put("status", ready ? "UP" : "DOWN");
        send(res, ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    private boolean storeReachable() {
        try {
            log.checkReachable();
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "readiness: the event store is unreachable: " + e.getMessage());
            return false;
        }
    }

    private void send(ServerResponse res, Status status, ObjectNode body) throws Exception {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(json.writeValueAsBytes(body));
    }
}
