package dev.sorobanbridge.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The recorded and constructed RPC answers of {@code fixtures/} (provenance: fixtures/README.md in this module). */
public final class Fixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {}

    /** The file's text, e.g. {@code text("rpc/getHealth.response.json")}. */
    public static String text(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path + " in test-support/src/main/resources/fixtures");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String path) {
        try {
            return MAPPER.readTree(text(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of one constructed error envelope of {@code rpc/errors-CONSTRUCTED.json}, by its key. */
    public static String rpcErrorMessage(String key) {
        return json("rpc/errors-CONSTRUCTED.json").get(key).get("error").get("message").asText();
    }
}
