package dev.sorobanbridge.log;

import dev.sorobanbridge.abi.ActivityEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventQueryTest {
    private static final ActivityEvent FUNDED = new ActivityEvent("0000000429496729600-0000000001", "invoice.funded",
            "invoice", "CINV", 100, Instant.EPOCH, "tx", "42", List.of("GALICE", "GBOB"), Map.of(), List.of());
    private static final ActivityEvent DEPOSIT = new ActivityEvent("0000000429496729600-0000000002", "pool.deposited",
            "pool", "CPOOL", 100, Instant.EPOCH, "tx", null, List.of("GCAROL"), Map.of(), List.of());

    private static EventQuery query(Set<String> invoiceIds, Set<String> wallets, Set<String> contracts, Set<String> types) {
        return new EventQuery(null, invoiceIds, wallets, contracts, types, 10);
    }

    @Test
    void noFilterMatchesEverything() {
        assertTrue(EventQuery.all(null, 1).matches(FUNDED));
        assertTrue(EventQuery.all(null, 1).matches(DEPOSIT));
    }

    @Test
    void eachSetIsAnOrAndTheSetsAreAnded() {
        assertTrue(query(Set.of("41", "42"), Set.of(), Set.of(), Set.of()).matches(FUNDED));
        assertFalse(query(Set.of("42"), Set.of(), Set.of(), Set.of()).matches(DEPOSIT), "no invoice id never matches one");
        assertTrue(query(Set.of(), Set.of("GBOB", "GDAVE"), Set.of(), Set.of()).matches(FUNDED));
        assertTrue(query(Set.of("42"), Set.of("GALICE"), Set.of("invoice"), Set.of("invoice.funded")).matches(FUNDED));
        assertFalse(query(Set.of("42"), Set.of("GCAROL"), Set.of(), Set.of()).matches(FUNDED));
        assertFalse(query(Set.of(), Set.of(), Set.of("pool"), Set.of()).matches(FUNDED));
    }

    @Test
    void typesAreExactOrAContractWildcard() {
        assertTrue(query(Set.of(), Set.of(), Set.of(), Set.of("invoice.*")).matches(FUNDED));
        assertFalse(query(Set.of(), Set.of(), Set.of(), Set.of("invoice.*")).matches(DEPOSIT));
        assertTrue(query(Set.of(), Set.of(), Set.of(), Set.of("invoice.paid", "pool.*")).matches(DEPOSIT));
        assertFalse(query(Set.of(), Set.of(), Set.of(), Set.of("invoice.paid")).matches(FUNDED));
    }

    @Test
    void aLimitMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventQuery.all(null, 0));
        assertEquals("limit must be positive: 0", e.getMessage());
    }
}
