package dev.sorobanbridge.bridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge's OpenAPI document (the class-path resource {@code openapi.yaml}) as a checker of live
 * answers: a response must have a documented status, a documented content type, the documented
 * required headers, and a body valid against the JSON Schema (draft 2020-12, formats asserted) of
 * that operation and status; an SSE event's data must be valid against the schema its name is given
 * in the stream operation's {@code x-sse-events}.
 */
public final class OpenApiContract {
    public static final String RESOURCE = "openapi.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    public OpenApiContract() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("no " + RESOURCE + " on the class path");
            document = YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode document() {
        return document;
    }

    /** Every documented operation as {@code "GET /events"}. */
    public Set<String> operations() {
        Set<String> result = new java.util.TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "post", "put", "delete", "patch", "head", "options").contains(method)) {
                result.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return result;
    }

    /** Compiles the schema at a JSON pointer of the document (its $refs resolve within the document). */
    public JsonSchema schemaAt(String pointer) {
        return compiled.computeIfAbsent(pointer, p -> {
            JsonSchema schema = schemas.getSchema(SchemaLocation.of("classpath:" + RESOURCE + "#" + p), config);
            schema.initializeValidators();
            return schema;
        });
    }

    /**
     * Asserts that {@code response} is what the document says {@code method path} answers with its status.
     *
     * @return the parsed JSON body, or null for a body that is not JSON
     */
    public JsonNode assertResponse(String method, String path, HttpResponse<String> response) {
        String what = method + " " + path + " -> " + response.statusCode();
        String operation = "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT);
        if (node(operation).isMissingNode()) throw new AssertionError(method + " " + path + " is not documented");
        String status = Integer.toString(response.statusCode());
        String responsePointer = operation + "/responses/" + status;
        if (node(responsePointer).isMissingNode()) {
            throw new AssertionError(what + " is not a documented status; body: " + response.body());
        }
        responsePointer = followRef(responsePointer);
        JsonNode documented = node(responsePointer);

        documented.path("headers").properties().forEach(header -> {
            JsonNode spec = resolve(header.getValue());
            if (spec.path("required").asBoolean(false) && response.headers().firstValue(header.getKey()).isEmpty()) {
                throw new AssertionError(what + " lacks the required header " + header.getKey());
            }
        });

        JsonNode content = documented.path("content");
        String body = response.body();
        if (content.isMissingNode()) {
            if (body != null && !body.isEmpty()) throw new AssertionError(what + " documents no body but sent: " + body);
            return null;
        }
        String mediaType = response.headers().firstValue("Content-Type")
                .map(v -> v.split(";")[0].trim().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new AssertionError(what + " has no Content-Type"));
        if (!content.has(mediaType)) {
            throw new AssertionError(what + " sent " + mediaType + ", documented: " + fieldNames(content));
        }
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) return null;
        JsonNode parsed = parse(body, what);
        assertValid(responsePointer + "/content/" + escape(mediaType) + "/schema", parsed, what);
        return parsed;
    }

    /** Asserts that the data of an SSE event named {@code name} ({@code message} for unnamed ones) is valid. */
    public JsonNode assertEvent(String name, String data) {
        String pointer = "/paths/" + escape("/events") + "/get/x-sse-events/" + escape(name);
        if (node(pointer).isMissingNode()) throw new AssertionError("SSE event \"" + name + "\" is not documented");
        JsonNode parsed = parse(data, "event " + name);
        assertValid(pointer, parsed, "event " + name);
        return parsed;
    }

    private void assertValid(String pointer, JsonNode value, String what) {
        Set<ValidationMessage> errors = schemaAt(pointer).validate(value);
        if (!errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            errors.forEach(e -> messages.add(e.getMessage()));
            throw new AssertionError(what + " does not match " + pointer + ": " + messages + "\nvalue: " + value);
        }
    }

    /** Follows a response $ref ({@code #/components/responses/…}) to the pointer of its target. */
    private String followRef(String pointer) {
        JsonNode n = node(pointer);
        while (n.has("$ref")) {
            String ref = n.get("$ref").asText();
            if (!ref.startsWith("#/")) throw new AssertionError("only local $refs are expected: " + ref);
            pointer = ref.substring(1);
            n = node(pointer);
        }
        return pointer;
    }

    private JsonNode resolve(JsonNode n) {
        while (n.has("$ref")) n = node(n.get("$ref").asText().substring(1));
        return n;
    }

    private JsonNode node(String pointer) {
        return document.at(pointer);
    }

    private static JsonNode parse(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON: " + text, e);
        }
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
