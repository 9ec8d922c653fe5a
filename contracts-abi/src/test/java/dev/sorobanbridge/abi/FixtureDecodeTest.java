package dev.sorobanbridge.abi;

import static dev.sorobanbridge.abi.ScVals.*;
import static dev.sorobanbridge.abi.TestEvents.*;
import static dev.sorobanbridge.testsupport.AsteraKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.testsupport.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared fixtures: the constructed Astera page, and real RPC pages from contracts that are not Astera's. */
class FixtureDecodeTest {
    private static final String ASTERA = "astera/getEvents-astera-CONSTRUCTED.response.json";

    private final JsonNode notes = Fixtures.json("astera/getEvents-astera-CONSTRUCTED.notes.json");
    private final EventDecoder decoder = new EventDecoder(notes.path("contracts").path("invoice").asText(),
            notes.path("contracts").path("pool").asText());

    private List<ActivityEvent> decodeAll(String fixture) {
        List<ActivityEvent> events = new ArrayList<>();
        for (RawEvent raw : rawEvents(fixture)) {
            DecodedEvent decoded = decoder.decode(raw);
            assertNull(decoded.failure(), raw.id());
            events.add(decoded.event());
        }
        return events;
    }

    /** A getEvents page as RawEvents, read leniently as the RPC allows ({@code ledger} is a string in older pages). */
    private static List<RawEvent> rawEvents(String fixture) {
        List<RawEvent> events = new ArrayList<>();
        for (JsonNode e : Fixtures.json(fixture).path("result").path("events")) {
            List<String> topics = new ArrayList<>();
            e.path("topic").forEach(t -> topics.add(t.asText()));
            events.add(new RawEvent(e.path("id").asText(), e.path("ledger").asLong(),
                    Instant.parse(e.path("ledgerClosedAt").asText()), e.path("contractId").asText(),
                    e.path("txHash").asText(), topics, e.path("value").asText(),
                    e.path("inSuccessfulContractCall").asBoolean(true)));
        }
        return events;
    }

    @Test
    void theAsteraPageDecodesInOrderAsItsNotesDescribe() {
        List<ActivityEvent> events = decodeAll(ASTERA);

        List<String> noteIds = new ArrayList<>();
        notes.path("events").forEach(n -> noteIds.add(n.path("id").asText()));
        assertEquals(noteIds, events.stream().map(ActivityEvent::id).toList());
        assertEquals(List.of(
                        "pool.deposit -", "invoice.created 42", "invoice.verified 42", "invoice.funded 42", "pool.funded 42",
                        "pool.part_pay 42", "pool.repaid 42", "invoice.paid 42", "pool.withdraw -", "invoice.expired 43",
                        "invoice.resolved 44", "pool.util_warn -", "invoice.funded 7", "pool.deposit -"),
                events.stream().map(e -> e.type() + " " + (e.invoiceId() == null ? "-" : e.invoiceId())).toList());
    }

    @Test
    void invoice42sStoryReadsLikeTheLifecycle() {
        List<ActivityEvent> story = decodeAll(ASTERA).stream().filter(e -> "42".equals(e.invoiceId())).toList();

        assertEquals(List.of("invoice.created", "invoice.verified", "invoice.funded", "pool.funded", "pool.part_pay",
                "pool.repaid", "invoice.paid"), story.stream().map(ActivityEvent::type).toList());
        ActivityEvent created = story.getFirst();
        assertEquals(List.of(SME), created.wallets());
        assertEquals("100000000000", created.data().get("amount"));
        assertEquals("ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", created.data().get("metadataUri"));
        assertEquals("2026-07-25T17:20:10Z", created.data().get("timestamp"));
        ActivityEvent invoiceFunded = story.get(2);
        ActivityEvent poolFunded = story.get(3);
        assertEquals(invoiceFunded.txHash(), poolFunded.txHash(), "one transaction");
        assertEquals(List.of("invoiceId", "owner", "timestamp"), List.copyOf(invoiceFunded.data().keySet()),
                "record_funding's shape");
        assertEquals(List.of("invoice-count", "invoice", "funded-invoice", "token-totals", "credit-score"),
                poolFunded.invalidate().stream().map(List::getFirst).toList());
        assertTrue(story.get(5).invalidate().contains(List.of("position")), "repayment interest reaches every position");
    }

    @Test
    void theAsteraPageCarriesTheEdgeCases() {
        List<ActivityEvent> events = decodeAll(ASTERA);

        ActivityEvent deposit = events.getFirst();
        assertEquals(List.of(INVESTOR), deposit.wallets());
        assertEquals(List.of(List.of("position", INVESTOR, USDC), List.of("token-totals", USDC)), deposit.invalidate());
        assertEquals(Map.of("invoiceId", "43"), events.get(9).data());
        assertEquals("InFavorOfSME", events.get(10).data().get("resolution"));
        assertEquals(List.of(ORACLE), events.get(10).wallets());
        assertEquals(8500L, events.get(11).data().get("utilizationBps"));
        assertEquals(List.of("invoiceId", "timestamp"), List.copyOf(events.get(12).data().keySet()), "PR #593 shape");
        assertFalse(rawEvents(ASTERA).getLast().inSuccessfulContractCall(),
                "decoded like any other; the indexer, not the decoder, drops failed calls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rpc/getEvents-native-transfers.response.json",
            "rpc/getEvents-native-transfers-2025-06.legacy.response.json", "rpc/getEvents-any-fee-events.response.json",
            "rpc/getEvents-java-sdk-counter.response.json", "rpc/getEvents-reflector-oracle-2025-06.legacy.response.json"})
    void foreignContractsDecodeToUnknownWithTheirValues(String fixture) {
        List<ActivityEvent> events = decodeAll(fixture);

        assertFalse(events.isEmpty());
        for (ActivityEvent event : events) {
            assertEquals("unknown.unknown", event.type());
            assertNull(event.invoiceId());
            assertEquals(List.of(), event.invalidate());
            assertTrue(event.data().containsKey("topics") && event.data().containsKey("value"), event.toString());
        }
    }

    @Test
    void aNativeTransferKeepsItsTopicsAndAmount() {
        ActivityEvent transfer = decodeAll("rpc/getEvents-native-transfers.response.json").getFirst();

        assertEquals(List.of("transfer", "GCHHLGOJVLRAPYBB6TR4NS4VRF5VW5RKZXQCVQUGMLGLXPTKJFCINQVE",
                "CCXP6YNFJZIDQD6N37DPCEKXJGLL56ZSAT5D5RPZG4NONL7IRAGWKFD2", "native"), transfer.data().get("topics"));
        assertEquals("3000000000", transfer.data().get("value"));
        assertEquals(List.of("GCHHLGOJVLRAPYBB6TR4NS4VRF5VW5RKZXQCVQUGMLGLXPTKJFCINQVE"), transfer.wallets());
    }

    @Test
    void reflectorPricesDecodeAsNestedVecsWithEnumVariants() {
        List<ActivityEvent> events = decodeAll("rpc/getEvents-reflector-oracle-2025-06.legacy.response.json");

        assertEquals(List.of("reflector", "prices", "update"), events.getFirst().data().get("topics"));
        List<?> prices = (List<?>) events.getFirst().data().get("value");
        assertEquals(9, prices.size());
        assertEquals(List.of(List.of("Other", "EUR"), "117336963000000"), prices.getFirst());
        assertEquals(List.of(List.of("Other", "XAU"), "328947368420000000"), prices.getLast());
        List<?> stellarAsset = (List<?>) ((List<?>) ((List<?>) events.get(1).data().get("value")).getFirst()).getFirst();
        assertEquals(List.of("Stellar", "CAWH4XMRQL7AJZCXEJVRHHMT6Y7ZPFCQCSKLIFJL3AVIQNC5TSVWKQOR"), stellarAsset);
    }

    @Test
    void theSdkCounterFixtureWithStringLedgersDecodes() {
        List<ActivityEvent> events = decodeAll("rpc/getEvents-java-sdk-counter.response.json");

        assertEquals(List.of(1L, 2L, 3L), events.stream().map(e -> e.data().get("value")).toList());
        assertEquals(108L, events.getFirst().ledger());
        assertEquals(List.of("COUNTER", "increment"), events.getFirst().data().get("topics"));
    }
}
