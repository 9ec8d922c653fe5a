package dev.sorobanbridge.simulator.activity;

import static dev.sorobanbridge.simulator.activity.Tokens.tokens;
import static dev.sorobanbridge.abi.ScVals.vec;
import static dev.sorobanbridge.abi.ScVals.u32;
import static dev.sorobanbridge.abi.ScVals.u64;

import java.util.List;
import java.util.Map;

/** Co-funding rounds and the secondary market (docs/events.md, pool contract). */
final class MarketFlows {
    private final World world;

    MarketFlows(World world) {
        this.world = world;
    }

    /** {@code open_co_funding} or {@code open_tranched_co_funding} on a verified invoice. */
    void openRound(Tx tx) {
        Invoice invoice = world.any(InvoiceState.VERIFIED).orElseThrow();
        invoice.state = InvoiceState.CO_FUNDING;
        long deadline = world.now + world.between(3, 14) * World.DAY;
        boolean tranched = world.chance(0.3);
        long target = invoice.amount * 9 / 10;
        world.rounds.put(invoice.id, new World.CoFundingRound(tranched, target));
        if (tranched) {
            long senior = target * 7 / 10;
            tx.pool("tcf_open", vec(u64(invoice.id), world.address(invoice.token), tokens(senior),
                    tokens(target - senior), u32(world.between(400, 900)), u64(deadline)));
        } else {
            tx.pool("cf_open", vec(u64(invoice.id), world.address(invoice.token), tokens(target), u64(deadline)));
        }
    }

    /** {@code commit_to_invoice} / {@code commit_to_tranched_invoice} by an investor. */
    void commit(Tx tx) {
        Map.Entry<Long, World.CoFundingRound> entry = anyRound();
        World.CoFundingRound round = entry.getValue();
        String investor = world.investor();
        long open = round.target - round.committed();
        long amount = Math.max(10, Math.min(open, round.target * world.between(10, 40) / 100));
        round.commitments.merge(investor, amount, Long::sum);
        if (round.tranched) {
            tx.pool("tcf_cmt", vec(u64(entry.getKey()), world.address(investor), tokens(amount),
                    u32(world.chance(0.7) ? 7_000 : 3_000)));
        } else {
            tx.pool("cf_commit", vec(u64(entry.getKey()), world.address(investor), tokens(amount),
                    tokens(round.committed())));
        }
    }

    /** {@code withdraw_co_funding_commitment}. */
    void withdrawCommitment(Tx tx) {
        Map.Entry<Long, World.CoFundingRound> entry = anyRound(r -> !r.commitments.isEmpty());
        String investor = world.pick(List.copyOf(entry.getValue().commitments.keySet()));
        long refunded = entry.getValue().commitments.remove(investor);
        tx.pool("cf_wthdw", vec(u64(entry.getKey()), world.address(investor), tokens(refunded)));
    }

    /**
     * {@code finalize_co_funding}: a filled round funds the invoice ({@code funded} then
     * {@code cf_fin}); an unfilled one expires and refunds ({@code cf_exp}).
     */
    void finalizeRound(Tx tx) {
        Map.Entry<Long, World.CoFundingRound> entry = anyRound();
        World.CoFundingRound round = world.rounds.remove(entry.getKey());
        Invoice invoice = world.invoices.get(entry.getKey());
        long committed = round.committed();
        if (committed >= round.target * 8 / 10 && committed > 0) {
            invoice.state = InvoiceState.FUNDED;
            invoice.principal = committed;
            invoice.holders.addAll(round.commitments.keySet());
            world.moveUtilization(world.between(50, 400));
            tx.pool("funded", vec(u64(invoice.id), world.address(invoice.owner), tokens(committed),
                    world.address(invoice.token), u64(world.now)));
            tx.pool("cf_fin", vec(u64(invoice.id), tokens(committed)));
        } else {
            invoice.state = InvoiceState.VERIFIED;
            tx.pool("cf_exp", vec(u64(invoice.id), tokens(committed)));
        }
    }

    /** {@code cancel_co_funding_round}: the value is a bare u64. */
    void cancelRound(Tx tx) {
        Map.Entry<Long, World.CoFundingRound> entry = anyRound();
        world.rounds.remove(entry.getKey());
        world.invoices.get(entry.getKey()).state = InvoiceState.VERIFIED;
        tx.pool("cf_cncl", u64(entry.getKey()));
    }

    /** {@code transfer_co_fund_share} between investors. */
    void transferShare(Tx tx) {
        Invoice invoice = world.any(i -> i.state == InvoiceState.FUNDED && !i.holders.isEmpty()).orElseThrow();
        String from = world.pick(invoice.holders);
        String to = world.investor();
        if (!invoice.holders.contains(to)) {
            invoice.holders.add(to);
        }
        long bps = world.between(500, 5_000);
        tx.pool("shr_xfer", vec(u64(invoice.id), world.address(from), world.address(to), u32(bps), u32(bps)));
    }

    /** {@code list_position}: an investor offers a funded position; invoice id is the second field. */
    void list(Tx tx) {
        Invoice invoice = world.any(InvoiceState.FUNDED).orElseThrow();
        String seller = invoice.holders.isEmpty() ? world.investor() : world.pick(invoice.holders);
        long listingId = ++world.lastListingId;
        long bps = world.between(1_000, 10_000);
        long price = Math.max(10, invoice.principal * bps / 10_000 * world.between(95, 104) / 100);
        world.listings.put(listingId, new World.Listing(invoice.id, seller, price));
        tx.pool("lst_open", vec(u64(listingId), u64(invoice.id), world.address(seller), u64(bps), tokens(price)));
    }

    /** {@code buy_listing}. */
    void buy(Tx tx) {
        long listingId = world.pick(List.copyOf(world.listings.keySet()));
        World.Listing listing = world.listings.remove(listingId);
        String buyer = world.investor();
        Invoice invoice = world.invoices.get(listing.invoiceId());
        if (invoice != null) {
            invoice.holders.remove(listing.seller());
            invoice.holders.add(buyer);
        }
        tx.pool("lst_buy", vec(u64(listingId), u64(listing.invoiceId()), world.address(listing.seller()),
                world.address(buyer), tokens(listing.price())));
    }

    /** {@code cancel_listing}. */
    void cancelListing(Tx tx) {
        long listingId = world.pick(List.copyOf(world.listings.keySet()));
        World.Listing listing = world.listings.remove(listingId);
        tx.pool("lst_cncl", vec(u64(listingId), u64(listing.invoiceId()), world.address(listing.seller())));
    }

    private Map.Entry<Long, World.CoFundingRound> anyRound() {
        return anyRound(r -> true);
    }

    private Map.Entry<Long, World.CoFundingRound> anyRound(java.util.function.Predicate<World.CoFundingRound> test) {
        List<Map.Entry<Long, World.CoFundingRound>> open = world.rounds.entrySet().stream()
                .filter(e -> test.test(e.getValue())).toList();
        return world.pick(open);
    }
}
