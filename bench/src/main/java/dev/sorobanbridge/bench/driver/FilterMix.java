package dev.sorobanbridge.bench.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which filters the streams use, by weight: {@code all:1,invoice:1,wallet:1} gives a third of the
 * streams no filter, a third {@code invoiceId=…} and a third {@code wallet=…}. Invoice ids and
 * wallets are drawn from events the server already holds, so every filter matches something.
 */
public record FilterMix(Map<Kind, Integer> weights) {

    public enum Kind { ALL, INVOICE, WALLET, CONTRACT, TYPE }

    public FilterMix {
        weights = Map.copyOf(weights);
        if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("--filters needs at least one positive weight");
        }
    }

    public static FilterMix parse(String spec) {
        Map<Kind, Integer> weights = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2) {
                throw new IllegalArgumentException("--filters must look like all:1,invoice:1,wallet:1 (kinds: all,"
                        + " invoice, wallet, contract, type), got \"" + spec + "\"");
            }
            Kind kind;
            int weight;
            try {
                kind = Kind.valueOf(kv[0].trim().toUpperCase(java.util.Locale.ROOT));
                weight = Integer.parseInt(kv[1].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--filters: bad entry \"" + part + "\" (kinds: all, invoice,"
                        + " wallet, contract, type; weights are whole numbers)");
            }
            if (weight < 0) throw new IllegalArgumentException("--filters: weight of " + kv[0] + " is negative");
            weights.merge(kind, weight, Integer::sum);
        }
        return new FilterMix(weights);
    }

    /**
     * One filter per stream, in the mix's proportions, deterministic for a seed.
     *
     * @param sample events' invoice ids and wallets seen on the server
     */
    public List<StreamFilter> assign(int streams, EventSample sample, long seed) {
        Random random = new Random(seed);
        List<Kind> bag = new ArrayList<>();
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        for (int i = 0; i < streams; i++) {
            int pick = random.nextInt(total);
            for (Kind kind : Kind.values()) {
                pick -= weights.getOrDefault(kind, 0);
                if (pick < 0) {
                    bag.add(kind);
                    break;
                }
            }
        }
        List<StreamFilter> filters = new ArrayList<>(streams);
        for (Kind kind : bag) filters.add(filterOf(kind, sample, random));
        return filters;
    }

    private static StreamFilter filterOf(Kind kind, EventSample sample, Random random) {
        return switch (kind) {
            case ALL -> new StreamFilter(kind, "");
            case INVOICE -> sample.invoiceIds().isEmpty() ? new StreamFilter(Kind.ALL, "")
                    : new StreamFilter(kind, "invoiceId=" + pick(sample.invoiceIds(), random));
            case WALLET -> sample.wallets().isEmpty() ? new StreamFilter(Kind.ALL, "")
                    : new StreamFilter(kind, "wallet=" + pick(sample.wallets(), random));
            case CONTRACT -> new StreamFilter(kind, "contract=" + (random.nextBoolean() ? "invoice" : "pool"));
            case TYPE -> new StreamFilter(kind, "type=" + (random.nextBoolean() ? "invoice.*" : "pool.*"));
        };
    }

    private static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
