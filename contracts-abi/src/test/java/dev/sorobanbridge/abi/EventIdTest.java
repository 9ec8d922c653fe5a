package dev.sorobanbridge.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdTest {
    /** Ledger 3727845, tx 5, op 0, event 1: an id from stellar-rpc's own documentation example. */
    private static final String DOCUMENTED = "0016010972359577600-0000000001";

    @Test
    void readsTheLedgerAndPrintsTheWireForm() {
        EventId id = EventId.parse(DOCUMENTED);

        assertEquals(16010972359577600L, id.toid());
        assertEquals(1, id.index());
        assertEquals(3727845, id.ledger());
        assertEquals(DOCUMENTED, id.toString());
        assertEquals("0000000000000000000-0000000000", new EventId(0, 0).toString());
    }

    @Test
    void theEndOfALedgerIsTheCursorOfAShortPage() {
        assertTrue(EventId.parse("0016321008868786175-4294967295").endsLedger());
        assertEquals(3800030, EventId.parse("0016321008868786175-4294967295").ledger());
        assertFalse(EventId.parse(DOCUMENTED).endsLedger());
    }

    @Test
    void ordersAsTheChainAndAsItsText() {
        List<String> texts = List.of("0000000429496729600-0000000000", "0000000429496729600-0000000002",
                "0000000429496733696-0000000000", "0016010972359577600-0000000001", "9223372036854775807-4294967295");
        List<EventId> shuffled = new ArrayList<>(texts.stream().map(EventId::parse).toList());
        Collections.reverse(shuffled);
        Collections.sort(shuffled);

        assertEquals(texts, shuffled.stream().map(EventId::toString).toList());
        assertEquals(0, EventId.parse(DOCUMENTED).compareTo(new EventId(16010972359577600L, 1)));
    }

    @Test
    void refusesAnythingButTheExactForm() {
        for (String bad : List.of("", "abc", "1-1", "0016010972359577600-1", "016010972359577600-0000000001",
                "0016010972359577600_0000000001", "0016010972359577600-000000000a", "+016010972359577600-0000000001",
                " 016010972359577600-0000000001", "0016010972359577600-00000000011",
                "9999999999999999999-0000000000", "0016010972359577600-4294967296")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventId.parse(bad), bad);
            assertTrue(e.getMessage().contains("19 digits, a dash and 10 digits"), e.getMessage());
            assertFalse(EventId.isValid(bad), bad);
        }
        assertFalse(EventId.isValid(null));
        assertThrows(IllegalArgumentException.class, () -> new EventId(-1, 0));
    }

    @Test
    void aHugeValueIsQuotedOnlyInPart() {
        String huge = "0".repeat(1_000_000);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventId.parse(huge));

        assertTrue(e.getMessage().length() < 200, "message of " + e.getMessage().length() + " characters");
    }
}
