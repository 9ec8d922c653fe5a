package dev.sorobanbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The RPC fixtures copied into test resources from shared/fixtures/rpc. */
final class Fixtures {
    private Fixtures() {
    }

    static JsonNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " is missing from src/test/resources/fixtures");
            }
            return RpcCalls.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of one constructed error envelope in errors-CONSTRUCTED.json. */
    static String errorMessage(String key) {
        return load("errors-CONSTRUCTED.json").get(key).get("error").get("message").asText();
    }
}
