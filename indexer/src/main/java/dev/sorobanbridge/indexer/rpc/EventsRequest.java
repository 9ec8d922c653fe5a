package dev.sorobanbridge.indexer.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.abi.EventId;

import java.util.List;

/**
 * One getEvents request: contract events of the given contracts, from {@code startLedger}
 * (inclusive) or after {@code cursor} (exclusive), at most {@code limit} events. Exactly one of
 * the two starting points is set: stellar-rpc rejects a request that has both.
 */
public record EventsRequest(Long startLedger, String cursor, List<String> contractIds, int limit) {
    /** stellar-rpc's {@code max-events-limit} default and getEvents' per-filter contract id cap. */
    public static final int MAX_LIMIT = 10_000;
    public static final int MAX_CONTRACT_IDS = 5;

    public EventsRequest {
        if ((startLedger == null) == (cursor == null)) {
            throw new IllegalArgumentException("exactly one of startLedger and cursor must be set");
        }
        if (startLedger != null && startLedger <= 0) {
            throw new IllegalArgumentException("startLedger must be positive: " + startLedger);
        }
        if (cursor != null && !EventId.isValid(cursor)) {
            throw new IllegalArgumentException("not a getEvents cursor: " + cursor);
        }
        contractIds = List.copyOf(contractIds);
        if (contractIds.isEmpty() || contractIds.size() > MAX_CONTRACT_IDS) {
            throw new IllegalArgumentException("between 1 and " + MAX_CONTRACT_IDS + " contract ids needed, got " + contractIds.size());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    public static EventsRequest fromLedger(long startLedger, List<String> contractIds, int limit) {
        return new EventsRequest(startLedger, null, contractIds, limit);
    }

    public static EventsRequest after(String cursor, List<String> contractIds, int limit) {
        return new EventsRequest(null, cursor, contractIds, limit);
    }

    ObjectNode toParams(ObjectMapper mapper) {
        ObjectNode params = mapper.createObjectNode();
        if (startLedger != null) {
            params.put("startLedger", startLedger);
        }
        ObjectNode filter = params.putArray("filters").addObject();
        filter.put("type", "contract");
        contractIds.forEach(filter.putArray("contractIds")::add);
        ObjectNode pagination = params.putObject("pagination");
        if (cursor != null) {
            pagination.put("cursor", cursor);
        }
        pagination.put("limit", limit);
        return params;
    }
}
