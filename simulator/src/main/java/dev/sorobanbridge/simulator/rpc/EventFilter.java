package dev.sorobanbridge.simulator.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.simulator.SimulatedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.xdr.SCVal;

/**
 * One {@code getEvents} filter (docs/design.md#the-rpc-contract): type AND contract ids AND any of the topic
 * filters. Parsing checks what stellar-rpc checks, with its messages.
 */
record EventFilter(Set<String> types, Set<String> contractIds, List<List<String>> topics) {
    static final int MAX_CONTRACT_IDS = 5;
    static final int MAX_TOPICS = 5;
    static final int MAX_SEGMENTS = 4;
    static final String ANY_ONE = "*";
    static final String ANY_REST = "**";

    /**
     * @param index 1-based, as stellar-rpc numbers filters in its messages
     * @throws RpcException -32602 when the filter is malformed
     */
    static EventFilter parse(JsonNode node, int index) {
        String prefix = "filter " + index + " invalid: ";
        if (!node.isObject()) {
            throw RpcException.invalidParams(prefix + "a filter must be an object");
        }
        Set<String> types = parseTypes(node.get("type"), prefix);
        List<String> contractIds = strings(node.get("contractIds"), prefix + "contractIds must be an array of strings");
        JsonNode topicsNode = node.get("topics");
        if (topicsNode != null && !topicsNode.isNull() && !topicsNode.isArray()) {
            throw RpcException.invalidParams(prefix + "topics must be an array of arrays of strings");
        }
        if (contractIds.size() > MAX_CONTRACT_IDS) {
            throw RpcException.invalidParams(prefix + "maximum 5 contract IDs per filter");
        }
        int topicCount = topicsNode == null ? 0 : topicsNode.size();
        if (topicCount > MAX_TOPICS) {
            throw RpcException.invalidParams(prefix + "maximum 5 topics per filter");
        }
        for (int i = 0; i < contractIds.size(); i++) {
            if (!isContractId(contractIds.get(i))) {
                throw RpcException.invalidParams(prefix + "contract ID " + (i + 1) + " invalid");
            }
        }
        List<List<String>> topics = new ArrayList<>();
        for (int i = 0; i < topicCount; i++) {
            topics.add(parseTopic(topicsNode.get(i), prefix + "topic " + (i + 1) + " invalid: "));
        }
        return new EventFilter(types, new LinkedHashSet<>(contractIds), topics);
    }

    boolean matches(SimulatedEvent event) {
        // every simulated event is a contract event
        boolean typeMatches = types.isEmpty() || types.contains("contract");
        boolean contractMatches = contractIds.isEmpty() || contractIds.contains(event.contractId());
        boolean topicMatches = topics.isEmpty() || topics.stream().anyMatch(t -> topicMatches(t, event));
        return typeMatches && contractMatches && topicMatches;
    }

    private static boolean topicMatches(List<String> filter, SimulatedEvent event) {
        List<String> topic = event.topicXdr();
        boolean open = filter.getLast().equals(ANY_REST);
        List<String> segments = open ? filter.subList(0, filter.size() - 1) : filter;
        if (open ? topic.size() < segments.size() : topic.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (!segment.equals(ANY_ONE) && !segment.equals(topic.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** stellar-rpc takes the type as one comma-separated string, e.g. {@code "contract,system"}. */
    private static Set<String> parseTypes(JsonNode node, String prefix) {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isTextual()) {
            throw RpcException.invalidParams(prefix + "type must be a string");
        }
        Set<String> types = new LinkedHashSet<>();
        if (!node.asText().isEmpty()) {
            for (String type : node.asText().split(",", -1)) {
                if (!type.equals("contract") && !type.equals("system")) {
                    throw RpcException.invalidParams(prefix
                            + "filter type invalid: if set, type must be either 'system' or 'contract'");
                }
                types.add(type);
            }
        }
        return types;
    }

    /**
     * A topic filter: segments are base64 {@code ScVal}s (kept in canonical base64, so matching is
     * a string comparison with the event's topics), {@code *}, or a final {@code **}.
     */
    private static List<String> parseTopic(JsonNode node, String prefix) {
        List<String> raw = strings(node, prefix + "a topic filter must be an array of strings");
        if (raw.isEmpty()) {
            throw RpcException.invalidParams(prefix + "topic must have at least 1 segment");
        }
        int fixed = raw.getLast().equals(ANY_REST) ? raw.size() - 1 : raw.size();
        for (int i = 0; i < fixed; i++) {
            if (raw.get(i).equals(ANY_REST)) {
                throw RpcException.invalidParams(prefix + "segment " + (i + 1)
                        + " invalid: wildcard '**' is only allowed as the last segment");
            }
        }
        if (fixed > MAX_SEGMENTS) {
            throw RpcException.invalidParams(prefix + "topic cannot have more than 4 segments");
        }
        List<String> segments = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String segment = raw.get(i);
            segments.add(segment.equals(ANY_ONE) || segment.equals(ANY_REST)
                    ? segment : canonical(segment, prefix + "segment " + (i + 1) + " invalid: "));
        }
        return segments;
    }

    private static boolean isContractId(String strkey) {
        try {
            StrKey.decodeContract(strkey);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String canonical(String base64, String prefix) {
        try {
            return SCVal.fromXdrBase64(base64).toXdrBase64();
        } catch (IOException | RuntimeException e) {
            throw RpcException.invalidParams(prefix + "not a base64-encoded XDR ScVal");
        }
    }

    private static List<String> strings(JsonNode node, String error) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw RpcException.invalidParams(error);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw RpcException.invalidParams(error);
            }
            values.add(element.asText());
        }
        return values;
    }
}
