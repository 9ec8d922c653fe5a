package dev.sorobanbridge.simulator.activity;

import dev.sorobanbridge.abi.EventCatalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Generates the Astera contract events of each new ledger: a steady, varied mix of invoice
 * lifecycles, pool liquidity, co-funding and secondary-market flows, all deterministic from the
 * seed. Each transaction is one flow, picked at random among those the current state allows,
 * weighted so that a realistic mix emerges. About 2% of transactions are failed calls.
 * Not thread-safe: the caller closes one ledger at a time.
 */
public final class AsteraActivity {
    private static final double FAILED_CALL_RATE = 0.02;

    private final Actors actors;
    private final World world;
    private final EventBudget budget;
    private final Map<String, String> symbols = new HashMap<>();
    private final Set<String> flowTypes = new HashSet<>();
    private final List<Flow> flows;
    private final LiquidityFlows liquidity;

    /** One kind of transaction; its weight is zero when the state does not allow it. */
    private record Flow(ToDoubleFunction<Counts> weight, Consumer<Tx> run) {
    }

    /** What the weights look at, counted once per transaction. */
    private record Counts(Map<InvoiceState, Integer> byState, int invoices, int terminal, int fundedWithHolders,
                          int rounds, int roundsWithCommitments, int listings, int queued, boolean shares) {
        int of(InvoiceState... states) {
            int n = 0;
            for (InvoiceState state : states) {
                n += byState.getOrDefault(state, 0);
            }
            return n;
        }
    }

    public AsteraActivity(Actors actors, long seed, double eventsPerLedger, EventCatalogue catalogue) {
        this.actors = actors;
        this.world = new World(actors, seed);
        this.budget = new EventBudget(eventsPerLedger, world.random.split());
        InvoiceFlows invoices = new InvoiceFlows(world);
        this.liquidity = new LiquidityFlows(world);
        MarketFlows market = new MarketFlows(world);
        CatalogueRotation rotation = new CatalogueRotation(world, catalogue, flowTypes);
        this.flows = List.of(
                new Flow(c -> c.invoices < World.MAX_INVOICES ? 12 : 0, invoices::create),
                new Flow(c -> when(c.of(InvoiceState.AWAITING_VERIFICATION), 7), invoices::verify),
                new Flow(c -> when(c.of(InvoiceState.AWAITING_VERIFICATION), 0.5),
                        invoices::verificationTimeout),
                new Flow(c -> when(c.of(InvoiceState.VERIFICATION_DISPUTED), 1.5),
                        invoices::resolveVerificationDispute),
                new Flow(c -> when(c.of(InvoiceState.PENDING, InvoiceState.VERIFIED), 8), invoices::fund),
                new Flow(c -> when(c.of(InvoiceState.FUNDED), 1.5), invoices::collateral),
                new Flow(c -> when(c.of(InvoiceState.FUNDED), 9), tx -> invoices.repay(tx, liquidity)),
                new Flow(c -> when(c.of(InvoiceState.REPAID), 6), invoices::markPaid),
                new Flow(c -> when(c.of(InvoiceState.FUNDED), 0.8), invoices::defaultWarning),
                new Flow(c -> when(c.of(InvoiceState.FUNDED), 1), invoices::markDefaulted),
                new Flow(c -> when(c.of(InvoiceState.DEFAULTED), 1), invoices::raiseDefaultDispute),
                new Flow(c -> when(c.of(InvoiceState.DEFAULT_DISPUTED), 1),
                        invoices::resolveDefaultDispute),
                new Flow(c -> when(c.of(InvoiceState.DEFAULTED), 0.4), invoices::insurancePayout),
                new Flow(c -> when(c.of(InvoiceState.PENDING, InvoiceState.AWAITING_VERIFICATION,
                        InvoiceState.VERIFIED), 1.2), invoices::cancelUnfunded),
                new Flow(c -> when(c.of(InvoiceState.FUNDED), 0.4), invoices::cancelFunded),
                new Flow(c -> when(c.of(InvoiceState.PENDING), 1.2), invoices::expire),
                new Flow(c -> when(c.of(InvoiceState.FUNDED), 1), invoices::extension),
                new Flow(c -> when(c.invoices - c.terminal, 0.6), invoices::settings),
                // finished invoices are cleaned up faster the more there are: the state stays bounded
                new Flow(c -> Math.min(12, c.terminal / 3.0), invoices::cleanup),
                new Flow(c -> when(c.terminal, 0.3), invoices::storageSweep),
                new Flow(c -> 10, liquidity::deposit),
                new Flow(c -> c.shares ? 3 : 0, liquidity::withdraw),
                new Flow(c -> c.shares ? 2.5 : 0, liquidity::requestWithdrawal),
                new Flow(c -> when(c.queued, 0.8), liquidity::cancelWithdrawal),
                new Flow(c -> when(c.queued, 0.6), liquidity::settleQueue),
                new Flow(c -> c.shares ? 2 : 0, liquidity::claimYield),
                new Flow(c -> when(c.of(InvoiceState.VERIFIED), 2), market::openRound),
                new Flow(c -> when(c.rounds, 5), market::commit),
                new Flow(c -> when(c.roundsWithCommitments, 0.8), market::withdrawCommitment),
                new Flow(c -> when(c.rounds, 1.5), market::finalizeRound),
                new Flow(c -> when(c.rounds, 0.3), market::cancelRound),
                new Flow(c -> when(c.fundedWithHolders, 0.6), market::transferShare),
                new Flow(c -> c.listings < World.MAX_LISTINGS ? when(c.of(InvoiceState.FUNDED), 2) : 0,
                        market::list),
                new Flow(c -> when(c.listings, 1.5), market::buy),
                new Flow(c -> when(c.listings, 0.6), market::cancelListing),
                // about 4% of transactions: admin and configuration events, and any other catalogued shape
                new Flow(c -> 3, rotation::publishNext));
    }

    /** The transactions of the ledger closing at {@code closeTime}, in order; often none. */
    public List<Transaction> nextLedger(Instant closeTime) {
        world.now = closeTime.getEpochSecond();
        List<Transaction> transactions = new ArrayList<>();
        double left = budget.openLedger();
        while (left > 0) {
            Transaction transaction = nextTransaction();
            if (!transaction.events().isEmpty()) {
                transactions.add(transaction);
            }
            // counting at least one keeps the loop finite whatever a flow emitted
            left = budget.spend(Math.max(1, transaction.events().size()));
        }
        return transactions;
    }

    private Transaction nextTransaction() {
        Tx tx = new Tx(actors, symbols, flowTypes);
        if (world.chance(FAILED_CALL_RATE)) {
            // a failed call changes nothing, so it must not go through a flow that moves the state
            if (world.chance(0.6)) {
                liquidity.rejectedDeposit(tx);
            } else {
                liquidity.failedDeposit(tx);
            }
            return tx.build(false);
        }
        pick(counts()).run().accept(tx);
        return tx.build(true);
    }

    private Flow pick(Counts counts) {
        double[] weights = new double[flows.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = flows.get(i).weight().applyAsDouble(counts);
            total += weights[i];
        }
        double target = world.random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            target -= weights[i];
            if (target < 0) {
                return flows.get(i);
            }
        }
        return flows.getFirst();
    }

    private Counts counts() {
        Map<InvoiceState, Integer> byState = new EnumMap<>(InvoiceState.class);
        int terminal = 0;
        int fundedWithHolders = 0;
        for (Invoice invoice : world.invoices.values()) {
            byState.merge(invoice.state, 1, Integer::sum);
            terminal += invoice.state.terminal() ? 1 : 0;
            fundedWithHolders += invoice.state == InvoiceState.FUNDED && !invoice.holders.isEmpty() ? 1 : 0;
        }
        int withCommitments = (int) world.rounds.values().stream().filter(r -> !r.commitments.isEmpty()).count();
        return new Counts(byState, world.invoices.size(), terminal, fundedWithHolders, world.rounds.size(),
                withCommitments, world.listings.size(), world.queue.size(), !world.shares.isEmpty());
    }

    private static double when(int available, double weight) {
        return available > 0 ? weight : 0;
    }
}
