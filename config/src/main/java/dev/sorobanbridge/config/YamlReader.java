package dev.sorobanbridge.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads YAML into Jackson trees and turns parse failures into one sentence with file and line. */
final class YamlReader {
    private final YAMLMapper mapper = YAMLMapper.builder()
            // A key written twice is almost always a mistake; without this the last one silently wins.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // "[a, b]]" or a second document is a mistake too, not something to cut off silently.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A packaged file such as {@code config/default.yaml}; missing means a broken build, not a user error. */
    ObjectNode readResource(String name) {
        try (InputStream in = YamlReader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The classpath resource " + name + " is missing from the config module.");
            }
            return topLevelMapping(parse(in, name), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return topLevelMapping(parse(in, file.toString()), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("The config file " + file + " does not exist.");
        } catch (IOException e) {
            throw new ConfigException("The config file " + file + " could not be read (" + e + ").");
        }
    }

    /**
     * An inline list from an environment variable, e.g. {@code [a, b]} or
     * {@code [{issuer: x, jwks-file: y}]}. The value is never echoed: it may hold secrets.
     */
    JsonNode readInline(String text, String key, String envName) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            Problem problem = Problem.of(e);
            throw new ConfigException(key + " from " + envName + " is not a valid inline YAML or JSON list ("
                    + problem.what + " at column " + problem.column + ").");
        }
    }

    private JsonNode parse(InputStream in, String source) throws IOException {
        try {
            return mapper.readTree(in);
        } catch (JsonProcessingException e) {
            Problem problem = Problem.of(e);
            throw new ConfigException(source + " is not valid YAML: " + problem.what + " at line " + problem.line
                    + ", column " + problem.column + ".");
        }
    }

    private static ObjectNode topLevelMapping(JsonNode root, String source) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return JsonNodeFactory.instance.objectNode(); // an empty file sets nothing
        }
        if (!root.isObject()) {
            throw new ConfigException(source + " must hold sections of keys at the top level (like \"server:\" with"
                    + " \"port: 8080\" under it), but it holds a single " + (root.isArray() ? "list" : "value") + ".");
        }
        return (ObjectNode) root;
    }

    /**
     * Where and what went wrong. SnakeYAML's own wording (e.g. "mapping values are not allowed
     * here") is clear; Jackson's wrapper message adds source dumps, so it is not used.
     */
    private record Problem(String what, int line, int column) {
        static Problem of(JsonProcessingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                    Mark mark = marked.getProblemMark();
                    String what = marked.getProblem() == null ? "unexpected text" : oneClause(marked.getProblem());
                    return new Problem(what, mark.getLine() + 1, mark.getColumn() + 1);
                }
            }
            JsonLocation location = e.getLocation();
            int line = location == null ? 0 : location.getLineNr();
            int column = location == null ? 0 : location.getColumnNr();
            String original = e.getOriginalMessage();
            if (original != null && original.startsWith("Duplicate field ")) {
                return new Problem("the key " + original.substring("Duplicate field ".length()).strip()
                        + " appears twice in one section", line, column);
            }
            if (original != null && original.startsWith("Trailing token")) {
                return new Problem("a second document starts (after ---), but all keys belong in one", line, column);
            }
            return new Problem("unexpected text", line, column);
        }

        /** Some SnakeYAML problems are two sentences ("… token. (Do not use …)"); ours are one. */
        private static String oneClause(String problem) {
            String clause = problem.strip().replace(". (", " (");
            return clause.endsWith(".") ? clause.substring(0, clause.length() - 1) : clause;
        }
    }
}
