package dev.sorobanbridge.simulator.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.simulator.SimulatedEvent;
import dev.sorobanbridge.simulator.chain.Chain;
import dev.sorobanbridge.simulator.chain.EventPosition;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code getEvents} as stellar-rpc answers it (docs/design.md#the-rpc-contract): a {@code startLedger}
 * (inclusive) or a {@code pagination.cursor} (exclusive), an optional {@code endLedger}
 * (exclusive), at most 10,000 ledgers scanned per call, and a response cursor that continues
 * exactly after what was scanned.
 */
final class GetEvents {
    static final int LEDGER_SCAN_LIMIT = 10_000;
    static final int MAX_LIMIT = 10_000;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_FILTERS = 5;
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private final Chain chain;

    GetEvents(Chain chain) {
        this.chain = chain;
    }

    record EventInfo(String type, long ledger, String ledgerClosedAt, String contractId, String id,
                     int operationIndex, int transactionIndex, String txHash, boolean inSuccessfulContractCall,
                     List<String> topic, String value) {
        static EventInfo of(SimulatedEvent e) {
            return new EventInfo("contract", e.ledger(), rfc3339(e.closedAt()), e.contractId(), e.id(),
                    e.operationIndex(), e.transactionIndex(), e.txHash(), e.inSuccessfulContractCall(),
                    e.topicXdr(), e.valueXdr());
        }
    }

    /** The close times are unix seconds as strings, as stellar-rpc encodes them. */
    record Page(List<EventInfo> events, String cursor, long latestLedger, long oldestLedger,
                String latestLedgerCloseTime, String oldestLedgerCloseTime) {
    }

    /** A validated request. {@code after} is set when paging by cursor, {@code startLedger} otherwise. */
    private record Request(long startLedger, long endLedger, EventPosition after, int limit,
                           List<EventFilter> filters) {
        boolean matches(SimulatedEvent event) {
            return filters.isEmpty() || filters.stream().anyMatch(f -> f.matches(event));
        }
    }

    Page answer(JsonNode params) {
        Request request = parse(params);
        Chain.Range range = chain.range();
        long oldest = range.oldest().sequence();
        long latest = range.latest().sequence();
        EventPosition start = request.after() != null ? request.after().nextEvent()
                : EventPosition.startOf(request.startLedger());
        long endLedger = Math.min(start.ledger() + LEDGER_SCAN_LIMIT, latest + 1);
        if (request.endLedger() != 0) {
            endLedger = Math.min(request.endLedger(), endLedger);
        }
        if (start.ledger() < oldest || start.ledger() > latest) {
            throw new RpcException(RpcException.INVALID_REQUEST,
                    "startLedger must be within the ledger range: " + oldest + " - " + latest);
        }
        List<SimulatedEvent> found = chain.scan(start, endLedger, request::matches, request.limit());
        List<EventInfo> events = new ArrayList<>(found.size());
        found.forEach(e -> events.add(EventInfo.of(e)));
        String cursor = found.size() == request.limit()
                ? found.getLast().id()
                // a short page: the cursor is the end of the scanned window, so the next call continues after it
                : EventPosition.endOf(endLedger - 1).id();
        return new Page(events, cursor, latest, oldest, String.valueOf(range.latest().closeTimeSeconds()),
                String.valueOf(range.oldest().closeTimeSeconds()));
    }

    /** Checks in stellar-rpc's order, with its messages (go-stellar-sdk {@code GetEventsRequest.Valid}). */
    private static Request parse(JsonNode params) {
        String format = optionalText(params, "xdrFormat");
        if (format != null && !format.isEmpty() && !format.equals("base64")) {
            throw RpcException.invalidParams(format.equals("json")
                    ? "xdrFormat 'json' is not supported by the simulator; use 'base64'"
                    : "expected 'base64' or 'json' for optional 'xdrFormat', but the provided value is " + format);
        }
        long startLedger = uint32(params, "startLedger");
        long endLedger = uint32(params, "endLedger");
        JsonNode pagination = params.get("pagination");
        if (pagination != null && !pagination.isNull() && !pagination.isObject()) {
            throw RpcException.invalidParams("pagination must be an object");
        }
        EventPosition after = null;
        long limit = 0;
        if (pagination != null && pagination.isObject()) {
            String cursor = optionalText(pagination, "cursor");
            if (cursor != null) {
                try {
                    after = EventPosition.parse(cursor);
                } catch (IllegalArgumentException e) {
                    throw RpcException.invalidParams(e.getMessage());
                }
            }
            limit = uint32(pagination, "limit");
        }
        if (after != null) {
            if (startLedger != 0 || endLedger != 0) {
                throw RpcException.invalidParams("ledger ranges and cursor cannot both be set");
            }
        } else if (startLedger <= 0) {
            throw RpcException.invalidParams("startLedger must be positive");
        }
        if (limit > MAX_LIMIT) {
            throw RpcException.invalidParams("limit must not exceed " + MAX_LIMIT);
        }
        return new Request(startLedger, endLedger, after, limit == 0 ? DEFAULT_LIMIT : (int) limit, filters(params));
    }

    private static List<EventFilter> filters(JsonNode params) {
        JsonNode node = params.get("filters");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw RpcException.invalidParams("filters must be an array");
        }
        if (node.size() > MAX_FILTERS) {
            throw RpcException.invalidParams("maximum 5 filters per request");
        }
        List<EventFilter> filters = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            filters.add(EventFilter.parse(node.get(i), i + 1));
        }
        return filters;
    }

    private static long uint32(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong()
                || node.asLong() < 0 || node.asLong() > MAX_UINT32) {
            throw RpcException.invalidParams(field + " must be an unsigned 32-bit integer, got " + node);
        }
        return node.asLong();
    }

    private static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw RpcException.invalidParams(field + " must be a string, got " + node);
        }
        return node.asText();
    }

    private static String rfc3339(java.time.Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
