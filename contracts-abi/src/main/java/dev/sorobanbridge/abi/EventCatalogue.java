package dev.sorobanbridge.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every event the invoice and pool contracts publish, read from the class-path resources
 * {@code catalogue/invoice.json} and {@code catalogue/pool.json} (format: the module README).
 * Immutable and thread-safe.
 */
public final class EventCatalogue {
    private static final List<String> RESOURCES = List.of("catalogue/invoice.json", "catalogue/pool.json");

    private static final Set<String> FILE_KEYS = Set.of("contract", "namespaces", "source", "events");
    private static final Set<String> EVENT_KEYS =
            Set.of("action", "bare", "fields", "invoiceId", "wallets", "invalidate", "note");

    private final List<EventShape> shapes;
    private final Map<String, List<String>> namespaces;
    /** contract → action → codecs in catalogue order. */
    private final Map<String, Map<String, List<ShapeCodec>>> codecs;
    private final Map<EventShape, ShapeCodec> codecByShape;

    private EventCatalogue(List<ShapeCodec> all, Map<String, List<String>> namespaces) {
        this.shapes = all.stream().map(ShapeCodec::shape).toList();
        this.namespaces = Map.copyOf(namespaces);
        Map<String, Map<String, List<ShapeCodec>>> byAction = new HashMap<>();
        Map<EventShape, ShapeCodec> byShape = new HashMap<>();
        for (ShapeCodec codec : all) {
            byAction.computeIfAbsent(codec.shape().contract(), c -> new HashMap<>())
                    .computeIfAbsent(codec.shape().action(), a -> new ArrayList<>()).add(codec);
            byShape.put(codec.shape(), codec);
        }
        byAction.replaceAll((contract, actions) -> {
            actions.replaceAll((action, list) -> List.copyOf(list));
            return Map.copyOf(actions);
        });
        this.codecs = Map.copyOf(byAction);
        this.codecByShape = Map.copyOf(byShape);
    }

    /** The catalogue shipped with this module. */
    public static EventCatalogue load() {
        List<String> texts = new ArrayList<>();
        for (String resource : RESOURCES) {
            try (InputStream in = EventCatalogue.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("event catalogue resource " + resource + " is missing from the class path");
                }
                texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("event catalogue resource " + resource + " cannot be read", e);
            }
        }
        return parse(texts);
    }

    /**
     * Builds a catalogue from catalogue files' JSON texts, one per contract.
     *
     * @throws IllegalArgumentException naming the file, event and problem when a file is invalid
     */
    static EventCatalogue parse(List<String> jsonTexts) {
        ObjectMapper mapper = new ObjectMapper();
        List<ShapeCodec> all = new ArrayList<>();
        Map<String, List<String>> namespaces = new LinkedHashMap<>();
        for (String text : jsonTexts) {
            JsonNode file;
            try {
                file = mapper.readTree(text);
            } catch (IOException e) {
                throw new IllegalArgumentException("event catalogue is not valid JSON: " + e.getMessage(), e);
            }
            String contract = requiredText(file, "contract", "event catalogue");
            String where = "event catalogue '" + contract + "'";
            checkKeys(file, FILE_KEYS, where);
            if (namespaces.containsKey(contract)) {
                throw new IllegalArgumentException(where + " is given twice");
            }
            List<String> spellings = texts(required(file, "namespaces", where), where + " namespaces");
            if (spellings.isEmpty()) {
                throw new IllegalArgumentException(where + " lists no namespaces");
            }
            namespaces.put(contract, spellings);
            JsonNode events = required(file, "events", where);
            if (!events.isArray()) {
                throw new IllegalArgumentException(where + ": 'events' must be an array");
            }
            for (int i = 0; i < events.size(); i++) {
                all.add(codec(contract, events.get(i), where + " event #" + i));
            }
        }
        checkDistinct(all, namespaces);
        return new EventCatalogue(all, namespaces);
    }

    /** Every catalogued shape, invoice contract first, in catalogue order. */
    public List<EventShape> shapes() {
        return shapes;
    }

    /**
     * The first catalogued shape of {@code contract}'s {@code action} with {@code arity} fields (1 for a
     * bare value). Note that invoice {@code resolved} has two shapes of arity 3, told apart by their field
     * types; {@link #shapes()} lists both.
     */
    public Optional<EventShape> find(String contract, String action, int arity) {
        return codecs(contract, action).stream().map(ShapeCodec::shape)
                .filter(shape -> shape.arity() == arity).findFirst();
    }

    /** The namespace spellings (first topic) of {@code contract}, current spelling first; empty if unknown. */
    public List<String> namespaces(String contract) {
        return namespaces.getOrDefault(contract, List.of());
    }

    /** The contract whose events carry {@code namespace} as their first topic. */
    Optional<String> contractOfNamespace(String namespace) {
        return namespaces.entrySet().stream().filter(e -> e.getValue().contains(namespace))
                .map(Map.Entry::getKey).findFirst();
    }

    List<ShapeCodec> codecs(String contract, String action) {
        return codecs.getOrDefault(contract, Map.of()).getOrDefault(action, List.of());
    }

    /** The codec of a catalogued shape, or a new one for a shape built elsewhere (validated on the way). */
    ShapeCodec codec(EventShape shape) {
        ShapeCodec codec = codecByShape.get(shape);
        return codec != null ? codec : new ShapeCodec(shape);
    }

    private static ShapeCodec codec(String contract, JsonNode event, String where) {
        checkKeys(event, EVENT_KEYS, where);
        String action = requiredText(event, "action", where);
        where = where + " '" + action + "'";
        List<FieldSpec> fields = new ArrayList<>();
        for (String field : texts(required(event, "fields", where), where + " fields")) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(where + ": field '" + field + "' is not written as name:type");
            }
            fields.add(new FieldSpec(field.substring(0, colon), field.substring(colon + 1)));
        }
        List<List<String>> invalidate = new ArrayList<>();
        for (JsonNode key : required(event, "invalidate", where)) {
            invalidate.add(texts(key, where + " invalidate key"));
        }
        EventShape shape = new EventShape(contract, action, event.path("bare").asBoolean(false), fields,
                event.hasNonNull("invoiceId") ? event.get("invoiceId").asText() : null,
                event.has("wallets") ? texts(event.get("wallets"), where + " wallets") : List.of(),
                invalidate, event.path("note").asText(""));
        try {
            return new ShapeCodec(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** Two shapes of one action must be distinguishable on the wire, or decoding would be a guess. */
    private static void checkDistinct(List<ShapeCodec> all, Map<String, List<String>> namespaces) {
        Map<String, EventShape> bySignature = new HashMap<>();
        for (ShapeCodec codec : all) {
            EventShape shape = codec.shape();
            EventShape clash = bySignature.put(shape.type() + " " + codec.wireSignature(), shape);
            if (clash != null) {
                throw new IllegalArgumentException("event catalogue: two shapes of " + shape.type()
                        + " cannot be told apart on the wire: " + clash.fields() + " and " + shape.fields());
            }
        }
        Map<String, String> owner = new HashMap<>();
        namespaces.forEach((contract, spellings) -> spellings.forEach(ns -> {
            String other = owner.put(ns, contract);
            if (other != null) {
                throw new IllegalArgumentException("event catalogue: namespace '" + ns + "' is claimed by both "
                        + other + " and " + contract);
            }
        }));
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(where + " has an unknown key '" + name + "' (allowed: " + allowed + ")");
            }
        }
    }

    private static JsonNode required(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + " lacks '" + key + "'");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String key, String where) {
        JsonNode value = required(node, key, where);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static List<String> texts(JsonNode array, String where) {
        if (!array.isArray()) {
            throw new IllegalArgumentException(where + " must be an array of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException(where + " must be an array of strings, found " + item);
            }
            texts.add(item.asText());
        }
        return texts;
    }
}
