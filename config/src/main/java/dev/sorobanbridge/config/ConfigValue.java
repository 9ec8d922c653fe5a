package dev.sorobanbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration value with its key and origin, and the typed readings of it. Each reading
 * returns a valid value or throws a {@link ConfigException} naming the key; none of them echo
 * the value of a secret.
 */
final class ConfigValue {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
    private static final String DURATION_FORMS = "a duration like 500ms, 3s, 5m, 1h, 30d or PT3S";

    private final String key;
    private final JsonNode node;
    private final String origin;

    /**
     * @param origin the file or environment variable the value came from, or null for packaged values
     */
    ConfigValue(String key, JsonNode node, String origin) {
        this.key = key;
        this.node = node;
        this.origin = origin;
    }

    String key() {
        return key;
    }

    /** Whether nobody set this value: it comes from the packaged defaults. */
    boolean isPackagedDefault() {
        return origin == null;
    }

    /** Not set, or set to nothing: {@code key:}, {@code key: ""} or {@code KEY=}. */
    boolean isEmpty() {
        return node.isMissingNode() || node.isNull() || (node.isTextual() && node.textValue().isBlank());
    }

    /** "{key} {problem} (from {origin})." — the one sentence every value error is made of. */
    ConfigException invalid(String problem) {
        return new ConfigException(key + " " + problem + (origin == null ? "" : " (from " + origin + ")") + ".");
    }

    /** The value as text, stripped; empty when not set. */
    String text() {
        if (isEmpty()) {
            return "";
        }
        if (node.isContainerNode()) {
            throw invalid("must be a single value, not " + kind());
        }
        return node.asText().strip();
    }

    String requiredText() {
        String text = text();
        if (text.isEmpty()) {
            throw invalid("must not be empty");
        }
        return text;
    }

    boolean bool() {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.isTextual() ? node.textValue().strip().toLowerCase(Locale.ROOT) : "";
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid("must be true or false, got " + shown());
        };
    }

    long whole(long min, long max) {
        BigInteger number;
        if (node.isIntegralNumber()) {
            number = node.bigIntegerValue();
        } else if (node.isTextual() && node.textValue().strip().matches("[+-]?\\d+")) {
            number = new BigInteger(node.textValue().strip());
        } else {
            throw invalid("must be a whole number, got " + shown());
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            String range = (max == Long.MAX_VALUE || max == Integer.MAX_VALUE)
                    ? "at least " + min
                    : "between " + min + " and " + max;
            throw invalid("must be " + range + ", got " + number);
        }
        return number.longValue();
    }

    int wholeInt(int min, int max) {
        return (int) whole(min, max);
    }

    /** A duration longer than zero. */
    Duration positiveDuration() {
        Duration duration = duration();
        if (duration.isZero() || duration.isNegative()) {
            throw invalid("must be longer than zero, got " + shown());
        }
        return duration;
    }

    Duration nonNegativeDuration() {
        Duration duration = duration();
        if (duration.isNegative()) {
            throw invalid("must not be negative, got " + shown());
        }
        return duration;
    }

    private Duration duration() {
        String text = isEmpty() || node.isContainerNode() ? "" : node.asText().strip();
        Matcher shortForm = SHORT_DURATION.matcher(text);
        try {
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                return switch (shortForm.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Duration.parse(text);
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException tooLargeOrMalformed) {
            // falls through to the one message below
        }
        throw invalid("must be " + DURATION_FORMS + ", got " + shown());
    }

    /** The secret, or null when not set. */
    Secret secretOrNull() {
        return isEmpty() ? null : new Secret(secretText());
    }

    /** The secret; an empty {@link Secret} when not set (an empty password is a valid password). */
    Secret secret() {
        return new Secret(isEmpty() ? "" : secretText());
    }

    private String secretText() {
        if (node.isContainerNode()) {
            throw invalid("must be a single value, not " + kind());
        }
        return node.asText().strip();
    }

    /**
     * The items of a list. A text value is read as a comma-separated list, so {@code a,b} works
     * in an environment variable and in a file alike; empty means an empty list.
     */
    List<ConfigValue> items() {
        if (isEmpty()) {
            return List.of();
        }
        List<ConfigValue> items = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                items.add(new ConfigValue(key + "[" + items.size() + "]", item, origin));
            }
        } else if (node.isTextual()) {
            Arrays.stream(node.textValue().split(","))
                    .map(String::strip)
                    .filter(item -> !item.isEmpty())
                    .forEach(item -> items.add(
                            new ConfigValue(key + "[" + items.size() + "]", TextNode.valueOf(item), origin)));
        } else {
            throw invalid("must be a list, got " + shown());
        }
        return items;
    }

    /** A key inside a list item that is an object, e.g. {@code auth.external-issuers[0].issuer}. */
    ConfigValue field(String name) {
        return new ConfigValue(key + "." + name, node.path(name), origin);
    }

    /**
     * Checks that this is an object whose keys are all in {@code allowed}.
     *
     * @param example shown when it is not an object, e.g. {@code {issuer: …, jwks-file: …}}
     */
    void requireObject(List<String> allowed, String example) {
        if (!node.isObject()) {
            throw invalid("must be an object like " + example + ", not " + kind());
        }
        for (String name : (Iterable<String>) node::fieldNames) {
            if (!allowed.contains(name)) {
                throw field(name).invalid("is not a known key (use " + String.join(", ", allowed) + ")");
            }
        }
    }

    private String kind() {
        if (node.isArray()) {
            return "a list";
        }
        return node.isObject() ? "a section of keys" : "a single value";
    }

    /** The value as quoted in a message. Only called for readings that are never secrets. */
    private String shown() {
        if (isEmpty()) {
            return "nothing";
        }
        if (node.isContainerNode()) {
            return kind();
        }
        return node.isTextual() ? "'" + node.textValue() + "'" : node.asText();
    }
}
