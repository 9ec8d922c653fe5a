package dev.sorobanbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration layers merged into one tree. {@code default.yaml} is both the first layer
 * and the schema: a key it does not have is a typo, and its leaves are the only keys looked up
 * in the environment. The tree remembers where each user-set value came from (a file or an
 * environment variable) so error messages can point there.
 */
final class ConfigTree {
    private final ObjectNode reference;
    private final ObjectNode merged;
    /** Leaf key -> the file path or environment variable that set it; absent for packaged values. */
    private final Map<String, String> origins = new HashMap<>();

    ConfigTree(ObjectNode defaults) {
        this.reference = defaults;
        this.merged = defaults.deepCopy();
    }

    /**
     * Lays {@code layer} over the tree: sections merge key by key, values (lists included)
     * replace. An explicit empty value ({@code key:} or {@code key: ""}) replaces too, so a
     * file can clear a default.
     *
     * @param source     names the layer in error messages
     * @param userSource whether values from this layer are reported as "(from source)"
     */
    void overlay(ObjectNode layer, String source, boolean userSource) {
        overlay(merged, reference, layer, "", source, userSource);
    }

    /**
     * Applies every environment variable named after a known key.
     *
     * @return the names of the variables that were applied, for the start-up log line
     */
    List<String> applyEnvironment(Map<String, String> env, YamlReader yaml) {
        List<String> applied = new ArrayList<>();
        for (String key : leafKeys()) {
            String name = envName(key);
            String raw = env.get(name);
            if (raw == null) {
                continue;
            }
            JsonNode value = TextNode.valueOf(raw);
            if (at(reference, key).isArray() && raw.strip().startsWith("[")) {
                value = yaml.readInline(raw, key, name); // a list of objects can only come this way
            }
            set(key, value);
            origins.put(key, name);
            applied.add(name);
        }
        return applied;
    }

    ConfigValue value(String key) {
        return new ConfigValue(key, at(merged, key), origins.get(key));
    }

    /** {@code auth.jwt.hs256-secret} -> {@code AUTH_JWT_HS256_SECRET}. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every leaf key of default.yaml in file order, e.g. {@code server.port}. */
    List<String> leafKeys() {
        List<String> keys = new ArrayList<>();
        collectLeaves(reference, "", keys);
        return keys;
    }

    private static void collectLeaves(JsonNode node, String prefix, List<String> keys) {
        node.properties().forEach(field -> {
            String key = prefix + field.getKey();
            if (field.getValue().isObject()) {
                collectLeaves(field.getValue(), key + ".", keys);
            } else {
                keys.add(key);
            }
        });
    }

    private void overlay(ObjectNode target, JsonNode schema, ObjectNode layer, String prefix, String source,
                         boolean userSource) {
        for (Map.Entry<String, JsonNode> field : layer.properties()) {
            String key = prefix + field.getKey();
            JsonNode known = schema.get(field.getKey());
            JsonNode value = field.getValue();
            if (known == null) {
                throw new ConfigException(key + " in " + source + " is not a known key" + suggestion(key)
                        + "; config/default.yaml lists every key.");
            }
            if (known.isObject()) {
                if (value.isNull()) {
                    continue; // "server:" with every key commented out
                }
                if (!value.isObject()) {
                    throw new ConfigException(key + " in " + source + " must be a section of keys (like "
                            + key + "." + known.fieldNames().next() + "), not a single value.");
                }
                overlay((ObjectNode) target.get(field.getKey()), known, (ObjectNode) value, key + ".", source,
                        userSource);
            } else {
                if (value.isObject()) {
                    throw new ConfigException(key + " in " + source + " must be a single value, not a section of keys.");
                }
                target.set(field.getKey(), value);
                if (userSource) {
                    origins.put(key, source);
                } else {
                    origins.remove(key);
                }
            }
        }
    }

    private String suggestion(String unknown) {
        return leafKeys().stream()
                .min(Comparator.comparingInt(known -> editDistance(unknown, known)))
                .filter(nearest -> editDistance(unknown, nearest) <= 3)
                .map(nearest -> " (did you mean " + nearest + "?)")
                .orElse("");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private void set(String key, JsonNode value) {
        int dot = key.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? merged : (ObjectNode) at(merged, key.substring(0, dot));
        parent.set(key.substring(dot + 1), value);
    }

    private static JsonNode at(JsonNode root, String key) {
        JsonNode node = root;
        for (String part : key.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }
}
