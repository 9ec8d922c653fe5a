package dev.sorobanbridge.indexer.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.abi.EventId;
import dev.sorobanbridge.abi.RawEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.sorobanbridge.indexer.rpc.LenientJson.optionalBoolean;
import static dev.sorobanbridge.indexer.rpc.LenientJson.optionalEpochSeconds;
import static dev.sorobanbridge.indexer.rpc.LenientJson.optionalLong;
import static dev.sorobanbridge.indexer.rpc.LenientJson.optionalText;
import static dev.sorobanbridge.indexer.rpc.LenientJson.requiredLong;
import static dev.sorobanbridge.indexer.rpc.LenientJson.requiredText;
import static dev.sorobanbridge.indexer.rpc.LenientJson.requiredTimestamp;

/**
 * One getEvents answer.
 *
 * @param events                every event returned, in chain order, failed-call ones included
 * @param cursor                where the next page starts (exclusive); may be the end of the scanned
 *                              window rather than an event id
 * @param oldestLedger          oldest retained ledger; null on RPCs older than v23
 * @param latestLedgerCloseTime null on RPCs older than v23
 * @param oldestLedgerCloseTime null on RPCs older than v23
 */
public record EventsPage(List<RawEvent> events, String cursor, long latestLedger, Long oldestLedger,
                         Instant latestLedgerCloseTime, Instant oldestLedgerCloseTime) {
    public EventsPage {
        events = List.copyOf(events);
    }

    /** The ledger the cursor points into. */
    public long cursorLedger() {
        return EventId.parse(cursor).ledger();
    }

    /**
     * True when this page's scan reached the RPC's latest ledger. An empty or short page alone
     * does not mean that: one request scans at most 10,000 ledgers.
     */
    public boolean reachesLatest() {
        return cursorLedger() >= latestLedger;
    }

    static EventsPage parse(JsonNode result) {
        JsonNode eventsNode = result.get("events");
        if (eventsNode == null || !eventsNode.isArray()) {
            throw new IllegalArgumentException("'events' is missing or not an array");
        }
        List<RawEvent> events = new ArrayList<>(eventsNode.size());
        for (JsonNode event : eventsNode) {
            events.add(parseEvent(event));
        }
        String cursor = requiredText(result, "cursor");
        if (!EventId.isValid(cursor)) {
            throw new IllegalArgumentException("'cursor' is not a getEvents cursor: " + cursor);
        }
        return new EventsPage(events, cursor, requiredLong(result, "latestLedger"), optionalLong(result, "oldestLedger"),
                optionalEpochSeconds(result, "latestLedgerCloseTime"), optionalEpochSeconds(result, "oldestLedgerCloseTime"));
    }

    private static RawEvent parseEvent(JsonNode event) {
        if (!event.isObject()) {
            throw new IllegalArgumentException("an event is not an object: " + LenientJson.abbreviate(event));
        }
        String id = requiredText(event, "id");
        if (!EventId.isValid(id)) {
            throw new IllegalArgumentException("event id is malformed: " + id);
        }
        try {
            JsonNode topicNode = event.get("topic");
            if (topicNode == null || !topicNode.isArray()) {
                throw new IllegalArgumentException("'topic' is missing or not an array");
            }
            List<String> topics = new ArrayList<>(topicNode.size());
            for (JsonNode topic : topicNode) {
                if (!topic.isTextual()) {
                    throw new IllegalArgumentException("a topic is not a base64 string: " + LenientJson.abbreviate(topic));
                }
                topics.add(topic.textValue());
            }
            Long ledger = optionalLong(event, "ledger");
            // Deprecated since RPC v23 ("will be removed"); without it, the call succeeded.
            boolean inSuccessfulCall = optionalBoolean(event, "inSuccessfulContractCall", true);
            return new RawEvent(id, ledger != null ? ledger : EventId.parse(id).ledger(), requiredTimestamp(event, "ledgerClosedAt"),
                    requiredText(event, "contractId"), optionalText(event, "txHash"), topics,
                    requiredText(event, "value"), inSuccessfulCall);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event " + id + ": " + e.getMessage(), e);
        }
    }
}
