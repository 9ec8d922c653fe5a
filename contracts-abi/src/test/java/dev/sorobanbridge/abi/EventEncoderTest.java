package dev.sorobanbridge.abi;

import static dev.sorobanbridge.abi.ScVals.*;
import static dev.sorobanbridge.abi.TestEvents.*;
import static dev.sorobanbridge.testsupport.AsteraKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventEncoderTest {
    private final EventCatalogue catalogue = EventCatalogue.load();
    private final EventEncoder encoder = new EventEncoder(catalogue);
    private final EventDecoder decoder = new EventDecoder(INVOICE_CONTRACT, POOL_CONTRACT);

    /** A distinct JSON-form sample per field, so a field decoded into the wrong slot shows. */
    private static Object sample(FieldSpec field, int index, boolean optionsAbsent) {
        if (field.type().startsWith("option<") && optionsAbsent) {
            return null;
        }
        String type = field.type().replaceAll("option<(.*)>", "$1");
        return switch (type) {
            case "u32" -> 1000L + index;
            case "u64" -> Long.toString(42 + index);
            case "i64" -> Long.toString(-5 - index);
            case "i128" -> "5000000000000000000" + index;
            case "u128" -> "340282366920938463463374607431768211" + index;
            case "bool" -> index % 2 == 0;
            case "string" -> "text " + index;
            case "symbol" -> "sym" + index;
            case "address" -> index % 2 == 0 ? account(20 + index) : contract(20 + index);
            case "timestamp" -> Instant.ofEpochSecond(TS + index).toString();
            case "enum" -> "InFavorOfDebtor";
            case "bytes" -> String.format("00ff%02x", index);
            default -> throw new IllegalArgumentException(type);
        };
    }

    @Test
    void everyShapeRoundTripsThroughTheDecoderUnderEveryNamespace() {
        for (EventShape shape : catalogue.shapes()) {
            String contractId = shape.contract().equals("invoice") ? INVOICE_CONTRACT : POOL_CONTRACT;
            for (boolean optionsAbsent : List.of(false, true)) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < shape.fields().size(); i++) {
                    values.put(shape.fields().get(i).name(), sample(shape.fields().get(i), i, optionsAbsent));
                }
                for (String namespace : catalogue.namespaces(shape.contract())) {
                    EncodedEvent encoded = encoder.encode(shape, namespace, values);

                    DecodedEvent decoded = decoder.decode(rawXdr(contractId, encoded.topicXdr(), encoded.valueXdr()));

                    assertNull(decoded.failure(), shape.type());
                    assertEquals(shape.type(), decoded.event().type());
                    assertEquals(values, decoded.event().data(), shape.type() + shape.fields());
                    assertEquals(List.of(xdr(sym(namespace)), xdr(sym(shape.action()))), encoded.topicXdr());
                }
            }
        }
    }

    @Test
    void writesTheSameXdrAsTheContract() {
        EventShape created = catalogue.find("invoice", "created", 5).orElseThrow();
        Map<String, Object> values = new HashMap<>();
        values.put("invoiceId", 42);
        values.put("owner", SME);
        values.put("amount", new BigInteger("100000000000"));
        values.put("timestamp", TS); // metadataUri absent: an empty option

        EncodedEvent encoded = encoder.encode(created, "invoice", values);

        assertEquals(xdr(vec(u64(42), addr(SME), i128("100000000000"), none(), u64(TS))), encoded.valueXdr());
        EncodedEvent bare = encoder.encode(catalogue.find("pool", "cf_cncl", 1).orElseThrow(), "POOL", Map.of("invoiceId", 7L));
        assertEquals(xdr(u64(7)), bare.valueXdr());
        assertEquals(List.of("AAAADwAAAARQT09M", xdr(sym("cf_cncl"))), bare.topicXdr());
    }

    @Test
    void refusesValuesThatDoNotFit() {
        EventShape deposit = catalogue.find("pool", "deposit", 5).orElseThrow();
        Map<String, Object> good = Map.of("investor", INVESTOR, "token", USDC, "received", 5L, "sharesMinted", "5",
                "timestamp", TS);

        assertRefused(deposit, "pool", without(good, "token"), "no value for field 'token'");
        assertRefused(deposit, "pool", with(good, "received", true), "Boolean value 'true' does not fit type i128");
        assertRefused(deposit, "pool", with(good, "received", "12x"), "'12x' is not a decimal integer");
        assertRefused(deposit, "pool", with(good, "investor", "GNOTAKEY"), "'GNOTAKEY' is not a G... or C... strkey");
        assertRefused(deposit, "pool", with(good, "timestamp", -1L), "-1 is out of range for type timestamp");
        assertRefused(deposit, "pool", with(good, "investor", null), "null for non-optional type address");
        assertRefused(deposit, "invoice", good, "namespace 'invoice' is not one of the pool contract's [pool, POOL]");
        assertRefused(catalogue.find("pool", "util_warn", 2).orElseThrow(), "pool",
                Map.of("token", USDC, "utilizationBps", 1L << 32), "4294967296 is out of range for type u32");
    }

    private void assertRefused(EventShape shape, String namespace, Map<String, Object> values, String messagePart) {
        String message = assertThrows(IllegalArgumentException.class, () -> encoder.encode(shape, namespace, values)).getMessage();
        assertTrue(message.contains(messagePart), message);
    }

    private static Map<String, Object> with(Map<String, Object> values, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(values);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> values, String key) {
        Map<String, Object> copy = new HashMap<>(values);
        copy.remove(key);
        return copy;
    }
}
