package dev.sorobanbridge.simulator.activity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.stellar.sdk.xdr.SCVal;

/**
 * The state of the simulated Astera deployment that flows read and change: invoices, investor
 * positions, queued withdrawals, co-funding rounds and listings. Finished things are forgotten
 * (cleanup), so the state stays small however long the simulation runs. Not thread-safe: one
 * generator owns it.
 */
final class World {
    static final long DAY = 86_400;
    /** Above this many invoices in storage no new ones are created, which bounds the state. */
    static final int MAX_INVOICES = 400;
    static final int MAX_LISTINGS = 60;
    static final int MAX_QUEUED_WITHDRAWALS = 60;
    static final long UTIL_WARN_BPS = 8_500;

    final Actors actors;
    final SplittableRandom random;
    /** Close time of the ledger being generated, unix seconds: every {@code ts} field. */
    long now;

    final Map<Long, Invoice> invoices = new LinkedHashMap<>();
    long lastInvoiceId;
    final Map<String, Long> shares = new LinkedHashMap<>();
    final Map<Long, QueuedWithdrawal> queue = new LinkedHashMap<>();
    long lastRequestId;
    final Map<Long, CoFundingRound> rounds = new LinkedHashMap<>();
    final Map<Long, Listing> listings = new LinkedHashMap<>();
    long lastListingId;
    long lastProposalId;
    /** Pool utilisation in basis points; {@code util_warn} fires when it crosses the threshold upwards. */
    long utilizationBps = 5_000;

    record QueuedWithdrawal(String investor, String token, long shares) {
    }

    record Listing(long invoiceId, String seller, long price) {
    }

    static final class CoFundingRound {
        final boolean tranched;
        final long target;
        final Map<String, Long> commitments = new LinkedHashMap<>();

        CoFundingRound(boolean tranched, long target) {
            this.tranched = tranched;
            this.target = target;
        }

        long committed() {
            return commitments.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    World(Actors actors, long seed) {
        this.actors = actors;
        this.random = new SplittableRandom(seed);
    }

    /** An address field's ScVal. */
    SCVal address(String strkey) {
        return actors.scAddress(strkey);
    }

    <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    long between(long min, long maxInclusive) {
        return random.nextLong(min, maxInclusive + 1);
    }

    /** Mostly the main token, sometimes the second one. */
    String token() {
        return chance(0.8) ? actors.tokens().get(0) : actors.tokens().get(1);
    }

    String sme() {
        // a few SMEs are much busier than the rest, as on a real platform; the first is the demo wallet
        return chance(0.25) ? actors.smes().get(random.nextInt(4)) : pick(actors.smes());
    }

    String investor() {
        return chance(0.2) ? actors.investors().get(random.nextInt(4)) : pick(actors.investors());
    }

    /** Whole tokens, spread like invoice sizes: many small, a few large. */
    long amount(long min, long max) {
        double skewed = Math.pow(random.nextDouble(), 2.5);
        return Math.max(min, Math.round(min + skewed * (max - min)) / 10 * 10);
    }

    Optional<Invoice> any(InvoiceState state) {
        return any(i -> i.state == state);
    }

    Optional<Invoice> any(Predicate<Invoice> test) {
        List<Invoice> candidates = new ArrayList<>();
        for (Invoice invoice : invoices.values()) {
            if (test.test(invoice)) {
                candidates.add(invoice);
            }
        }
        return candidates.isEmpty() ? Optional.empty() : Optional.of(pick(candidates));
    }

    /** A finished invoice leaves storage, with anything still pointing at it. */
    void forget(long invoiceId) {
        invoices.remove(invoiceId);
        rounds.remove(invoiceId);
        listings.values().removeIf(l -> l.invoiceId() == invoiceId);
    }

    /** Some invoice id, preferably a live one, for events that only mention one. */
    long someInvoiceId() {
        return any(i -> !i.state.terminal()).map(i -> i.id).orElse(Math.max(1, lastInvoiceId));
    }

    Optional<String> investorWithShares() {
        List<String> holders = shares.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        return holders.isEmpty() ? Optional.empty() : Optional.of(pick(holders));
    }

    void addShares(String investor, long delta) {
        shares.merge(investor, delta, Long::sum);
        if (shares.get(investor) <= 0) {
            shares.remove(investor);
        }
    }

    /** Nudges utilisation; returns true when it crossed the warning threshold upwards. */
    boolean moveUtilization(long deltaBps) {
        long before = utilizationBps;
        utilizationBps = Math.clamp(utilizationBps + deltaBps, 1_000, 9_900);
        return before < UTIL_WARN_BPS && utilizationBps >= UTIL_WARN_BPS;
    }

    long rateBps() {
        return 300 + utilizationBps / 8;
    }
}
