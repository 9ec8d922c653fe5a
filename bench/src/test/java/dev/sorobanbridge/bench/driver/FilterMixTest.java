package dev.sorobanbridge.bench.driver;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterMixTest {
    private static final EventSample SAMPLE = new EventSample(List.of("7", "42"),
            List.of("GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7"));

    @Test
    void assignsFiltersInTheMixProportionsFromValuesTheServerHolds() {
        List<StreamFilter> filters = FilterMix.parse("all:1,invoice:1,wallet:2").assign(4000, SAMPLE, 1);

        Map<FilterMix.Kind, Long> counts = filters.stream()
                .collect(Collectors.groupingBy(StreamFilter::kind, Collectors.counting()));
        assertEquals(1000, counts.get(FilterMix.Kind.ALL), 100);
        assertEquals(1000, counts.get(FilterMix.Kind.INVOICE), 100);
        assertEquals(2000, counts.get(FilterMix.Kind.WALLET), 100);
        assertTrue(filters.stream().filter(f -> f.kind() == FilterMix.Kind.INVOICE)
                .allMatch(f -> f.query().equals("invoiceId=7") || f.query().equals("invoiceId=42")));
        assertTrue(filters.stream().filter(f -> f.kind() == FilterMix.Kind.ALL).allMatch(f -> f.query().isEmpty()));
    }

    @Test
    void withNothingToFilterOnStreamsFallBackToAllEvents() {
        List<StreamFilter> filters = FilterMix.parse("wallet:1").assign(10, new EventSample(List.of(), List.of()), 1);

        assertEquals(Map.of(FilterMix.Kind.ALL, 10L), filters.stream()
                .collect(Collectors.groupingBy(StreamFilter::kind, Collectors.counting())));
    }

    @Test
    void rejectsUnknownKindsAndWeightsThatSumToNothing() {
        Function<String, String> error = spec -> assertThrows(IllegalArgumentException.class,
                () -> FilterMix.parse(spec)).getMessage();

        assertEquals("--filters: bad entry \"everything:1\" (kinds: all, invoice, wallet, contract, type; weights are"
                + " whole numbers)", error.apply("everything:1"));
        assertEquals("--filters: weight of all is negative", error.apply("all:-1"));
        assertEquals("--filters needs at least one positive weight", error.apply("all:0"));
    }
}
