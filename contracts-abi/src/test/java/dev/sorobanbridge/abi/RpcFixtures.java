package dev.sorobanbridge.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the getEvents fixtures copied into src/test/resources/fixtures as RawEvents (leniently, as the RPC allows). */
final class RpcFixtures {
    private RpcFixtures() {
    }

    static JsonNode json(String name) {
        try (InputStream in = RpcFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test fixture " + name + " is missing");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<RawEvent> events(String name) {
        List<RawEvent> events = new ArrayList<>();
        for (JsonNode e : json(name).path("result").path("events")) {
            List<String> topics = new ArrayList<>();
            e.path("topic").forEach(t -> topics.add(t.asText()));
            events.add(new RawEvent(e.path("id").asText(), e.path("ledger").asLong(), // a string in older fixtures
                    Instant.parse(e.path("ledgerClosedAt").asText()), e.path("contractId").asText(),
                    e.path("txHash").asText(), topics, e.path("value").asText(),
                    e.path("inSuccessfulContractCall").asBoolean(true)));
        }
        return events;
    }
}
