package dev.sorobanbridge.abi;

import static dev.sorobanbridge.abi.ScVals.*;
import static dev.sorobanbridge.abi.TestEvents.*;
import static dev.sorobanbridge.testsupport.AsteraKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.xdr.SCVal;

/** Events the catalogue does not describe, and XDR that is not an ScVal: delivered, never dropped or thrown. */
class UnknownAndMalformedEventTest {
    private final EventDecoder decoder = new EventDecoder(INVOICE_CONTRACT, POOL_CONTRACT);

    private ActivityEvent decodeClean(String contractId, List<SCVal> topics, SCVal value) {
        DecodedEvent decoded = decoder.decode(raw(contractId, topics, value));
        assertNull(decoded.failure());
        return decoded.event();
    }

    @Test
    void unknownActionKeepsTheDecodedTopicsAndValue() {
        ActivityEvent event = decodeClean(INVOICE_CONTRACT, List.of(sym("invoice"), sym("renamed")),
                vec(u64(42), addr(SME), i128("-5"), u32(7), none()));

        assertEquals("invoice.unknown", event.type());
        assertEquals("invoice", event.contract());
        assertNull(event.invoiceId());
        assertEquals(List.of(SME), event.wallets());
        assertEquals(List.of(), event.invalidate());
        assertEquals(List.of("invoice", "renamed"), event.data().get("topics"));
        assertEquals(Arrays.asList("42", SME, "-5", 7L, null), event.data().get("value"));
    }

    @Test
    void wrongArityIsUnknown() {
        ActivityEvent event = decodeClean(INVOICE_CONTRACT, List.of(sym("invoice"), sym("created")),
                vec(u64(42), addr(SME), i128("1000"), u64(TS)));

        assertEquals("invoice.unknown", event.type());
        assertEquals(List.of("42", SME, "1000", "1785000000"), event.data().get("value"));
    }

    @Test
    void wrongFieldTypeIsUnknown() {
        // pool.deposit with the amount as u64 instead of i128
        ActivityEvent event = decodeClean(POOL_CONTRACT, List.of(sym("pool"), sym("deposit")),
                vec(addr(INVESTOR), addr(USDC), u64(5), i128("5"), u64(TS)));

        assertEquals("pool.unknown", event.type());
        assertEquals(List.of(INVESTOR), event.wallets());
    }

    @Test
    void aTupleEnumVariantMatchesNeitherResolvedShape() {
        ActivityEvent event = decodeClean(INVOICE_CONTRACT, List.of(sym("invoice"), sym("resolved")),
                vec(u64(44), vec(sym("Partial"), u32(50)), addr(ORACLE)));

        assertEquals("invoice.unknown", event.type());
        assertEquals(List.of("44", List.of("Partial", 50L), ORACLE), event.data().get("value"));
    }

    @Test
    void aBareValueWrappedInAVecIsUnknown() {
        ActivityEvent event = decodeClean(INVOICE_CONTRACT, List.of(sym("invoice"), sym("expired")), vec(u64(43)));

        assertEquals("invoice.unknown", event.type());
    }

    @Test
    void topicsOtherThanNamespaceAndActionSymbolsAreUnknown() {
        SCVal value = vec(u64(42), u64(TS));
        assertEquals("invoice.unknown", decodeClean(INVOICE_CONTRACT,
                List.of(sym("invoice"), sym("funded"), sym("extra")), value).type());
        assertEquals("invoice.unknown", decodeClean(INVOICE_CONTRACT, List.of(sym("invoice")), value).type());
        assertEquals("invoice.unknown", decodeClean(INVOICE_CONTRACT, List.of(sym("invoice"), str("funded")), value).type());
        assertEquals("invoice.unknown", decodeClean(INVOICE_CONTRACT, List.of(), value).type());
        // the other contract's namespace, or a third spelling, on the invoice contract
        assertEquals("invoice.unknown", decodeClean(INVOICE_CONTRACT, List.of(sym("pool"), sym("funded")), value).type());
        assertEquals("invoice.unknown", decodeClean(INVOICE_CONTRACT, List.of(sym("Invoice"), sym("funded")), value).type());
    }

    @Test
    void anUnconfiguredContractIsAttributedByItsNamespace() {
        EventDecoder unconfigured = new EventDecoder(null, null);
        String otherDeployment = contract(42);

        ActivityEvent invoiceEvent = unconfigured.decode(raw(otherDeployment,
                List.of(sym("INVOICE"), sym("funded")), vec(u64(7), u64(TS)))).event();
        ActivityEvent poolEvent = decoder.decode(raw(otherDeployment,
                List.of(sym("pool"), sym("cf_cncl")), u64(42))).event();

        assertEquals("invoice.funded", invoiceEvent.type());
        assertEquals("7", invoiceEvent.invoiceId());
        assertEquals("pool.cf_cncl", poolEvent.type());
        assertEquals(otherDeployment, poolEvent.contractId());
    }

    @Test
    void aForeignContractWithAForeignNamespaceIsUnknownUnknown() {
        ActivityEvent event = decodeClean(contract(42), List.of(sym("transfer"), addr(SME), addr(USDC)),
                vec(i128("10"), vec(addr(INVESTOR), addr(SME))));

        assertEquals("unknown.unknown", event.type());
        assertEquals("unknown", event.contract());
        assertEquals(List.of(SME, INVESTOR), event.wallets(), "every account address met, once, in order");
    }

    @Test
    void theConfiguredContractIdWinsOverTheNamespace() {
        ActivityEvent event = decodeClean(POOL_CONTRACT, List.of(sym("invoice"), sym("expired")), u64(43));

        assertEquals("pool.unknown", event.type());
    }

    @Test
    void bigNumbersStayExact() {
        String u64Max = "18446744073709551615";
        ActivityEvent event = decodeClean(POOL_CONTRACT, List.of(sym("pool"), sym("repaid")),
                vec(u64(u64Max), i128("170141183460469231731687303715884105727"), i128("-170141183460469231731687303715884105728"),
                        u64(TS)));

        assertEquals("pool.repaid", event.type());
        assertEquals(u64Max, event.invoiceId());
        assertEquals("170141183460469231731687303715884105727", event.data().get("principal"));
        assertEquals("-170141183460469231731687303715884105728", event.data().get("interest"));
        assertEquals(List.of("invoice", u64Max), event.invalidate().get(1));
    }

    @Test
    void aTimestampBeyondWhatAnInstantHoldsIsUnknown() {
        ActivityEvent event = decodeClean(INVOICE_CONTRACT, List.of(sym("invoice"), sym("disputed")),
                vec(u64(42), u64("18446744073709551615")));

        assertEquals("invoice.unknown", event.type());
    }

    @Test
    void genericDecodingCoversEveryScValKind() {
        SCVal map = org.stellar.sdk.scval.Scv.toMap(new java.util.LinkedHashMap<>(Map.of(sym("k"), u32(1))));
        SCVal pairs = org.stellar.sdk.scval.Scv.toMap(new java.util.LinkedHashMap<>(Map.of(u32(1), bool(true))));
        ActivityEvent event = decodeClean(contract(42), List.of(sym("x")), vec(map, pairs,
                org.stellar.sdk.scval.Scv.toBytes(new byte[] {(byte) 0xab, 1}), i64(-3), u128("340282366920938463463374607431768211455"),
                org.stellar.sdk.scval.Scv.toInt32(-2), org.stellar.sdk.scval.Scv.toTimePoint(java.math.BigInteger.TEN)));

        assertEquals(List.of(Map.of("k", 1L), List.of(List.of(1L, true)), "ab01", "-3",
                "340282366920938463463374607431768211455", -2L, "10"), event.data().get("value"));
    }

    // --- malformed XDR ---

    private DecodedEvent decodeXdr(String contractId, List<String> topics, String value) {
        return decoder.decode(rawXdr(contractId, topics, value));
    }

    private static final List<String> FUNDED_TOPICS = List.of(xdr(sym("invoice")), xdr(sym("funded")));

    private void assertMalformed(DecodedEvent decoded, String expectedType, String failurePart) {
        assertTrue(decoded.malformed());
        assertTrue(decoded.failure().contains(failurePart), decoded.failure());
        assertEquals(expectedType, decoded.event().type());
        assertNull(decoded.event().invoiceId());
        assertEquals(List.of(), decoded.event().wallets());
        assertEquals(List.of(), decoded.event().invalidate());
    }

    @Test
    void aValueThatIsNotBase64IsDeliveredWithItsRawXdr() {
        DecodedEvent decoded = decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, "not base64!");

        assertMalformed(decoded, "invoice.unknown", "value is not base64");
        assertTrue(decoded.failure().startsWith("event 0016320875724804096-0000000003: "), decoded.failure());
        assertEquals(FUNDED_TOPICS, decoded.event().data().get("topicXdr"));
        assertEquals("not base64!", decoded.event().data().get("valueXdr"));
    }

    @Test
    void bytesThatAreNotAnScValAreMalformed() {
        assertMalformed(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, "AAAA"), "invoice.unknown", "ends early");
        assertMalformed(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, b64(0, 0, 0, 99)), "invoice.unknown",
                "unknown ScVal type 99");
        assertMalformed(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, b64(0, 0, 0, 16, 0, 0, 0, 7)), "invoice.unknown",
                "optional flag 7");
        assertMalformed(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, ""), "invoice.unknown", "ends early");
        assertMalformed(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, null), "invoice.unknown", "value is missing");
    }

    @Test
    void bytesAfterTheScValAreMalformed() {
        byte[] value = Base64.getDecoder().decode(xdr(vec(u64(7), u64(TS))));
        byte[] longer = Arrays.copyOf(value, value.length + 4);

        assertMalformed(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, Base64.getEncoder().encodeToString(longer)),
                "invoice.unknown", "4 bytes after the ScVal");
    }

    @Test
    void aHugeDeclaredLengthIsRefusedWithoutAllocatingIt() {
        // Vec, present, 2^31-1 elements, then nothing: the SDK alone would try to allocate them all
        String hugeVec = b64(0, 0, 0, 16, 0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff);
        String hugeString = b64(0, 0, 0, 14, 0xff, 0xff, 0xff, 0xf0);

        assertMalformed(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, hugeVec), "invoice.unknown",
                "declares 2147483647 elements");
        assertMalformed(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, hugeString), "invoice.unknown", "declares 4294967280 bytes");
    }

    @Test
    void deepNestingIsRefused() {
        SCVal nested = u32(1);
        for (int i = 0; i < 200; i++) {
            nested = vec(nested);
        }
        assertMalformed(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, xdr(nested)), "invoice.unknown", "nests deeper than 128");
    }

    @Test
    void aMalformedTopicNamesItsPosition() {
        DecodedEvent decoded = decodeXdr(POOL_CONTRACT, List.of(xdr(sym("pool")), "%%%"), xdr(u64(1)));

        assertMalformed(decoded, "pool.unknown", "topic 1 is not base64");
    }

    @Test
    void aMalformedEventFromAnUnconfiguredContractUsesAReadableNamespaceOrUnknown() {
        String other = contract(42);
        assertMalformed(decodeXdr(other, FUNDED_TOPICS, "AAAA"), "invoice.unknown", "value");
        assertMalformed(decodeXdr(other, List.of("%%%", xdr(sym("funded"))), xdr(u64(1))), "unknown.unknown", "topic 0");
    }

    @Test
    void theDecoderKeepsWorkingAfterMalformedInput() {
        List<DecodedEvent> results = new ArrayList<>();
        results.add(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, "AAAA"));
        results.add(decodeXdr(INVOICE_CONTRACT, FUNDED_TOPICS, xdr(vec(u64(7), u64(TS)))));

        assertTrue(results.get(0).malformed());
        assertFalse(results.get(1).malformed());
        assertEquals("invoice.funded", results.get(1).event().type());
    }

    private static String b64(int... bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
        for (int b : bytes) {
            buffer.put((byte) b);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
