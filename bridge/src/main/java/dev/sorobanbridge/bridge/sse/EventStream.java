package dev.sorobanbridge.bridge.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.bridge.fanout.LiveBatch;
import dev.sorobanbridge.bridge.fanout.Subscription;
import dev.sorobanbridge.bridge.metrics.StreamMetrics;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.StoredEvent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One connection's life, on the web server's virtual thread for that connection: {@code retry:},
 * {@code connected}, maybe {@code reset}, the replay from the log, then live events from the
 * subscription's queue, with {@code heartbeat} events, until the client goes, the JWT expires or is
 * revoked, the stream's lifetime ends, or the node closes it.
 *
 * <p>{@code connected} and {@code reset} carry an {@code id:} line with the id the stream continues
 * after, so a browser's own {@code EventSource} reconnects with that Last-Event-ID even when the
 * stream ends before its first matching event (without it, the browser would reconnect at the head and
 * lose what was stored meanwhile).
 */
final class EventStream {
    private static final System.Logger LOG = System.getLogger(EventStream.class.getName());
    private static final int REPLAY_PAGE_SIZE = 200;

    /** Why a stream ended. */
    enum End {
        /** A write failed or the thread was interrupted: the client is gone or the node cut it off. */
        CLIENT_GONE,
        /** The JWT behind the stream expired: the client is told with {@code token-expired}. */
        TOKEN_EXPIRED,
        /** The session was revoked (logout): {@code session-revoked}, so the client logs out instead of renewing. */
        REVOKED,
        /** The randomised maximum lifetime is over: the client reconnects and resumes. */
        LIFETIME_OVER,
        /** The node closed it (slow consumer, replaced by the same ticket, draining). */
        CLOSED_BY_NODE
    }

    /**
     * @param retry     the {@code retry:} value for this connection (already jittered)
     * @param heartbeat period of {@code heartbeat} events; revocation is checked at the same pace
     * @param closeAt   end of this connection's (randomised) lifetime
     */
    record Timing(Duration retry, Duration heartbeat, Instant closeAt) {}

    private final Subscription subscription;
    private final StartPosition start;
    private final Timing timing;
    private final EventLog log;
    private final StreamMetrics metrics;
    private final Predicate<String> isRevoked;
    private final Clock clock;
    private final ObjectMapper json;
    private final IndexedHead head;
    /** The newest id written to this client: the seam between replay and live, and the duplicate guard. */
    private String lastSent;

    /** @param json shared, with a shared buffer pool: per connection, either would cost kilobytes per idle stream */
    EventStream(Subscription subscription, StartPosition start, Timing timing, EventLog log, StreamMetrics metrics,
                Predicate<String> isRevoked, Clock clock, ObjectMapper json, IndexedHead head) {
        this.subscription = subscription;
        this.start = start;
        this.timing = timing;
        this.log = log;
        this.metrics = metrics;
        this.isRevoked = isRevoked;
        this.clock = clock;
        this.json = json;
        this.head = head;
        this.lastSent = start.afterId();
    }

    /** Streams until the end; returns normally whatever ended it. */
    End run(SseWriter out) {
        End end;
        try {
            end = stream(out);
            if (end == End.TOKEN_EXPIRED) out.event("token-expired", "{}");
            if (end == End.REVOKED) out.event("session-revoked", "{}");
        } catch (IOException | InterruptedException e) {
            end = subscription.closeReason() != null ? End.CLOSED_BY_NODE : End.CLIENT_GONE;
        } catch (RuntimeException e) {
            // The store failed during replay, or a node-side close interrupted a read: the client resumes.
            end = subscription.closeReason() != null ? End.CLOSED_BY_NODE : End.CLIENT_GONE;
            if (subscription.closeReason() == null) {
                LOG.log(System.Logger.Level.WARNING, "stream " + subscription.clientId() + " failed: " + e);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "stream " + subscription.clientId() + " ended: " + end
                + (subscription.closeReason() != null ? " (" + subscription.closeReason() + ")" : ""));
        return end;
    }

    private End stream(SseWriter out) throws IOException, InterruptedException {
        out.retry(timing.retry().toMillis());
        // Written by the shared mapper, not JsonNode.toString(), which keeps its buffers in this thread.
        ObjectNode connected = json.createObjectNode()
                .put("clientId", subscription.clientId())
                .put("serverTime", clock.instant().toString())
                .put("lastEventId", start.afterId())
                .put("heartbeatMs", timing.heartbeat().toMillis());
        connected.set("head", headJson(head.current()));
        // An empty id (an empty log) clears a stale Last-Event-ID in the browser: there is nothing to resume.
        out.event(idLine(), "connected", json.writeValueAsString(connected));
        if (start.reset() != null) {
            out.event(idLine(), "reset", json.writeValueAsString(json.createObjectNode()
                    .put("reason", start.reset().reason())
                    .put("oldestEventId", start.reset().oldestEventId())));
        }
        End end = replay(out);
        if (end != null) return end;
        subscription.markLive();
        return live(out);
    }

    /** Sends the stored events after the start id, page by page; null once caught up. */
    private End replay(SseWriter out) throws IOException {
        while (true) {
            End end = dueEnd();
            if (end != null) return end;
            List<StoredEvent> page = log.readStored(subscription.filter().query(lastSent, REPLAY_PAGE_SIZE));
            for (StoredEvent stored : page) {
                out.message(SseWriter.messageFrame(stored.id(), stored.json()));
                lastSent = stored.id();
            }
            out.flush();
            metrics.eventsSent(page.size());
            if (page.size() < REPLAY_PAGE_SIZE) return null;
        }
    }

    private End live(SseWriter out) throws IOException, InterruptedException {
        Instant nextPing = clock.instant().plus(timing.heartbeat());
        while (true) {
            End end = dueEnd();
            if (end != null) return end;
            Instant now = clock.instant();
            if (!now.isBefore(nextPing)) {
                // Also how a dead connection is found: the write fails.
                out.event(null, "heartbeat", json.writeValueAsString(headJson(head.current())));
                nextPing = now.plus(timing.heartbeat());
                if (revoked()) return End.REVOKED;
                continue;
            }
            // Written by another method, whose frame is gone when the stream waits again: a local variable here
            // could keep the batches, and their joined frames, alive in the parked thread until the next ledger.
            deliver(out, subscription.take(nextDeadline(nextPing)));
        }
    }

    private void deliver(SseWriter out, List<LiveBatch> batches) throws IOException {
        String sentBefore = lastSent;
        for (LiveBatch batch : batches) send(out, batch);
        if (Objects.equals(lastSent, sentBefore)) return;
        out.flush();
        long written = clock.millis();
        for (LiveBatch batch : batches) {
            int first = batch.firstAfter(sentBefore);
            metrics.eventsSent(batch.size() - first);
            for (int i = first; i < batch.size(); i++) {
                metrics.liveEventDelivered(written - batch.events().get(i).stored().event().ledgerClosedAt().toEpochMilli());
            }
        }
    }

    /**
     * Queues a batch's events after the last one sent: ids at or below it were already replayed (no
     * duplicate at the seam), and a batch is in log order, so those are its first ones. A batch sent
     * whole is sent as its joined frames, shared by every stream that sends it whole.
     */
    private void send(SseWriter out, LiveBatch batch) throws IOException {
        int first = batch.firstAfter(lastSent);
        if (first == batch.size()) return;
        if (first == 0) {
            for (byte[] write : batch.writes(SseWriter::packed)) out.message(write);
        } else {
            for (int i = first; i < batch.size(); i++) out.message(batch.events().get(i).frame());
        }
        lastSent = batch.events().getLast().id();
    }

    private String idLine() {
        return start.afterId() == null ? "" : start.afterId();
    }

    private ObjectNode headJson(IndexedHead.Head h) {
        ObjectNode node = json.createObjectNode();
        if (h.ledger() == null) node.putNull("ledger");
        else node.put("ledger", h.ledger());
        node.put("ledgerClosedAt", h.ledgerClosedAt() == null ? null : h.ledgerClosedAt().toString());
        if (h.lagLedgers() == null) node.putNull("lagLedgers");
        else node.put("lagLedgers", h.lagLedgers());
        return node;
    }

    /** The reason to end now, or null. */
    private End dueEnd() {
        if (subscription.closeReason() != null) return End.CLOSED_BY_NODE;
        Instant now = clock.instant();
        Instant expiresAt = subscription.principal().expiresAt();
        if (expiresAt != null && !now.isBefore(expiresAt)) return End.TOKEN_EXPIRED;
        if (!now.isBefore(timing.closeAt())) return End.LIFETIME_OVER;
        return null;
    }

    private Instant nextDeadline(Instant nextPing) {
        Instant deadline = nextPing.isBefore(timing.closeAt()) ? nextPing : timing.closeAt();
        Instant expiresAt = subscription.principal().expiresAt();
        return expiresAt != null && expiresAt.isBefore(deadline) ? expiresAt : deadline;
    }

    /** A store that cannot answer keeps the stream open: revocation is checked again at the next heartbeat. */
    private boolean revoked() {
        try {
            return isRevoked.test(subscription.principal().sessionId());
        } catch (RuntimeException storeDown) {
            LOG.log(System.Logger.Level.DEBUG, "revocation check failed: " + storeDown.getMessage());
            return false;
        }
    }
}
