package dev.sorobanbridge.simulator.activity;

import static dev.sorobanbridge.abi.ScVals.bool;
import static dev.sorobanbridge.abi.ScVals.none;
import static dev.sorobanbridge.abi.ScVals.str;
import static dev.sorobanbridge.simulator.activity.Tokens.tokens;
import static dev.sorobanbridge.abi.ScVals.vec;
import static dev.sorobanbridge.abi.ScVals.u32;
import static dev.sorobanbridge.abi.ScVals.u64;
import static dev.sorobanbridge.abi.ScVals.variant;

import java.util.HexFormat;

/**
 * The invoice lifecycle (docs/events.md#invoice-lifecycle): each method is one transaction, emitting
 * what the contracts emit for it in the order they emit it, and moving the invoice on.
 */
final class InvoiceFlows {
    private final World world;

    InvoiceFlows(World world) {
        this.world = world;
    }

    /** {@code create_invoice}: with an oracle configured most invoices await verification. */
    void create(Tx tx) {
        long id = ++world.lastInvoiceId;
        String owner = world.sme();
        long amount = world.amount(1_000, 250_000);
        boolean needsVerification = world.chance(0.7);
        Invoice invoice = new Invoice(id, owner, amount, world.token(),
                needsVerification ? InvoiceState.AWAITING_VERIFICATION : InvoiceState.PENDING,
                world.now + world.between(30, 120) * World.DAY);
        world.invoices.put(id, invoice);
        var metadata = world.chance(0.6) ? str("ipfs://bafy" + hex(id, 24)) : none();
        tx.invoice("created", vec(u64(id), world.address(owner), tokens(amount), metadata, u64(world.now)));
    }

    /** The oracle's verdict: mostly verified, sometimes rejected (an oracle dispute). */
    void verify(Tx tx) {
        Invoice invoice = world.any(InvoiceState.AWAITING_VERIFICATION).orElseThrow();
        if (world.chance(0.9)) {
            invoice.state = InvoiceState.VERIFIED;
            tx.invoice("verified", vec(u64(invoice.id), str("sha256:" + hex(invoice.id * 31 + world.now, 16))));
        } else {
            invoice.state = InvoiceState.VERIFICATION_DISPUTED;
            tx.invoice("disputed", vec(u64(invoice.id), u64(world.now)));
        }
    }

    /** {@code resolve_dispute}: InFavorOfSME verifies, InFavorOfDebtor cancels. */
    void resolveVerificationDispute(Tx tx) {
        Invoice invoice = world.any(InvoiceState.VERIFICATION_DISPUTED).orElseThrow();
        boolean forSme = world.chance(0.6);
        invoice.state = forSme ? InvoiceState.VERIFIED : InvoiceState.CANCELLED;
        String caller = world.chance(0.5) ? world.actors.oracle() : world.actors.admin();
        var resolution = variant(forSme ? "InFavorOfSME" : "InFavorOfDebtor");
        tx.invoice("resolved", vec(u64(invoice.id), resolution, world.address(caller)));
    }

    /** {@code timeout_verification}: 72 h without a verdict cancels. */
    void verificationTimeout(Tx tx) {
        Invoice invoice = world.any(InvoiceState.AWAITING_VERIFICATION).orElseThrow();
        invoice.state = InvoiceState.CANCELLED;
        tx.invoice("vtimeout", vec(u64(invoice.id), u64(world.now - World.DAY), u64(world.now)));
    }

    /**
     * {@code fund_invoice}: the pool calls the invoice's {@code record_funding} twice (a duplicate
     * call in the contract source), may warn about utilisation, pays the SME, then snapshots the rate.
     */
    void fund(Tx tx) {
        Invoice invoice = world.any(i -> i.state == InvoiceState.PENDING || i.state == InvoiceState.VERIFIED)
                .orElseThrow();
        invoice.state = InvoiceState.FUNDED;
        invoice.principal = invoice.amount * world.between(85, 98) / 100;
        tx.invoice("funded", vec(u64(invoice.id), world.address(invoice.owner), u64(world.now)));
        tx.invoice("funded", vec(u64(invoice.id), world.address(invoice.owner), u64(world.now)));
        if (world.moveUtilization(world.between(100, 900))) {
            tx.pool("util_warn", vec(world.address(invoice.token), u32(world.utilizationBps)));
        }
        tx.pool("funded", vec(u64(invoice.id), world.address(invoice.owner), tokens(invoice.principal),
                world.address(invoice.token), u64(world.now)));
        rateSnapshot(tx, invoice.token);
    }

    /** {@code deposit_collateral} or {@code top_up_collateral} by the SME on a funded invoice. */
    void collateral(Tx tx) {
        Invoice invoice = world.any(InvoiceState.FUNDED).orElseThrow();
        long amount = Math.max(10, invoice.principal / world.between(5, 20));
        if (invoice.collateral == 0) {
            invoice.collateral = amount;
            tx.pool("col_dep", vec(u64(invoice.id), world.address(invoice.owner), world.address(invoice.token),
                    tokens(amount), world.address(invoice.owner), u64(world.now)));
        } else {
            invoice.collateral += amount;
            tx.pool("col_topup", vec(u64(invoice.id), world.address(invoice.owner), world.address(invoice.token),
                    tokens(amount), tokens(invoice.collateral)));
        }
    }

    /**
     * {@code repay_invoice} by the SME: a part payment, or the final one, which returns collateral,
     * snapshots the rate, settles queued withdrawals and pays a referral before {@code repaid}.
     */
    void repay(Tx tx, LiquidityFlows liquidity) {
        Invoice invoice = world.any(InvoiceState.FUNDED).orElseThrow();
        long interest = Math.max(1, invoice.principal * world.between(2, 9) / 100);
        long owed = invoice.principal + interest - invoice.repaid;
        if (owed > 20 && world.chance(0.45)) {
            long part = Math.max(10, owed * world.between(15, 60) / 100);
            invoice.repaid += part;
            tx.pool("part_pay", vec(u64(invoice.id), tokens(part), tokens(invoice.repaid), u64(world.now)));
            return;
        }
        invoice.state = InvoiceState.REPAID;
        if (invoice.collateral > 0) {
            tx.pool("col_ret", vec(u64(invoice.id), world.address(invoice.owner), tokens(invoice.collateral),
                    world.address(world.actors.admin()), u64(world.now)));
            invoice.collateral = 0;
        }
        world.moveUtilization(-world.between(100, 900));
        rateSnapshot(tx, invoice.token);
        liquidity.settleQueue(tx);
        if (world.chance(0.3)) {
            liquidity.referralReward(tx, invoice.owner);
        }
        tx.pool("repaid", vec(u64(invoice.id), world.address(invoice.owner), tokens(invoice.principal),
                tokens(interest), u64(world.now)));
    }

    /** {@code mark_paid}: the pool-authorised follow-up to a full repayment. */
    void markPaid(Tx tx) {
        Invoice invoice = world.any(InvoiceState.REPAID).orElseThrow();
        invoice.state = InvoiceState.PAID;
        tx.invoice("paid", vec(u64(invoice.id), world.address(world.actors.poolContract()),
                world.address(invoice.owner), u64(world.now)));
    }

    /** A keeper's {@code check_default_warning} as the deadline nears. */
    void defaultWarning(Tx tx) {
        Invoice invoice = world.any(InvoiceState.FUNDED).orElseThrow();
        tx.invoice("def_warn", vec(u64(invoice.id), u64(invoice.dueDate + 7 * World.DAY)));
    }

    /** {@code mark_defaulted} (pool or keeper), often followed by collateral seizure. */
    void markDefaulted(Tx tx) {
        Invoice invoice = world.any(InvoiceState.FUNDED).orElseThrow();
        invoice.state = InvoiceState.DEFAULTED;
        tx.invoice("default", vec(u64(invoice.id), world.address(invoice.owner), u64(world.now)));
        if (invoice.collateral > 0) {
            tx.pool("col_seiz_default", vec(u64(invoice.id), world.address(invoice.owner), tokens(invoice.collateral),
                    world.address(world.actors.admin()), u64(world.now)));
            invoice.collateral = 0;
        }
    }

    /** {@code raise_dispute}: the borrower contests a default. */
    void raiseDefaultDispute(Tx tx) {
        Invoice invoice = world.any(InvoiceState.DEFAULTED).orElseThrow();
        invoice.state = InvoiceState.DEFAULT_DISPUTED;
        tx.invoice("dispute", vec(u64(invoice.id), world.address(invoice.owner), u64(world.now)));
    }

    /** {@code resolve_default_dispute}: back to Funded with a new due date, or Defaulted. */
    void resolveDefaultDispute(Tx tx) {
        Invoice invoice = world.any(InvoiceState.DEFAULT_DISPUTED).orElseThrow();
        if (world.chance(0.5)) {
            invoice.state = InvoiceState.FUNDED;
            invoice.dueDate = world.now + 30 * World.DAY;
        } else {
            invoice.state = InvoiceState.DEFAULTED;
        }
        tx.invoice("resolved", vec(u64(invoice.id), world.address(world.actors.admin()), u64(world.now)));
    }

    /** {@code receive_insurance_payout} on a defaulted invoice. */
    void insurancePayout(Tx tx) {
        Invoice invoice = world.any(InvoiceState.DEFAULTED).orElseThrow();
        long payout = Math.max(10, invoice.principal / 2);
        tx.pool("ins_pay", vec(u64(invoice.id), world.address(invoice.token), tokens(payout)));
    }

    /** {@code cancel_invoice} by its owner before funding. */
    void cancelUnfunded(Tx tx) {
        Invoice invoice = world.any(i -> i.state == InvoiceState.PENDING
                || i.state == InvoiceState.AWAITING_VERIFICATION || i.state == InvoiceState.VERIFIED).orElseThrow();
        invoice.state = InvoiceState.CANCELLED;
        tx.invoice("cancelled", vec(u64(invoice.id), world.address(invoice.owner)));
    }

    /** {@code cancel_funded_invoice}: the admin unwinds a funding; the invoice's {@code mark_cancelled} emits too. */
    void cancelFunded(Tx tx) {
        Invoice invoice = world.any(InvoiceState.FUNDED).orElseThrow();
        invoice.state = InvoiceState.CANCELLED;
        tx.invoice("cancelled", vec(u64(invoice.id), world.address(invoice.owner), u64(world.now)));
        tx.pool("inv_cncl", vec(u64(invoice.id), world.address(world.actors.admin()), tokens(invoice.principal),
                world.address(invoice.token), u64(world.now)));
        world.moveUtilization(-world.between(100, 600));
        rateSnapshot(tx, invoice.token);
    }

    /** {@code check_expiration}: a pending invoice nobody funded. The value is a bare u64. */
    void expire(Tx tx) {
        Invoice invoice = world.any(InvoiceState.PENDING).orElseThrow();
        invoice.state = InvoiceState.EXPIRED;
        tx.invoice("expired", u64(invoice.id));
    }

    /** {@code request_extension}, or approving a requested one (the pool then emits {@code due_ext}). */
    void extension(Tx tx) {
        Invoice invoice = world.any(InvoiceState.FUNDED).orElseThrow();
        long newDue = invoice.dueDate + world.between(7, 30) * World.DAY;
        if (!invoice.extensionRequested) {
            invoice.extensionRequested = true;
            tx.invoice("extension_requested", vec(u64(invoice.id), u64(invoice.dueDate), u64(newDue),
                    world.address(invoice.owner), u64(world.now)));
            return;
        }
        long oldDue = invoice.dueDate;
        invoice.dueDate = newDue;
        invoice.extensionRequested = false;
        tx.pool("due_ext", vec(u64(invoice.id), u64(oldDue), u64(newDue), u64(world.now)));
        tx.invoice("extension_approved", vec(u64(invoice.id), u64(oldDue), u64(newDue),
                world.address(world.actors.admin()), u64(world.now)));
    }

    /** {@code set_invoice_private} by the owner, or an admin's per-invoice grace override. */
    void settings(Tx tx) {
        Invoice invoice = world.any(i -> !i.state.terminal()).orElseThrow();
        if (world.chance(0.6)) {
            tx.invoice("private", vec(u64(invoice.id), bool(world.chance(0.7))));
        } else {
            tx.invoice("gp_upd", vec(u64(invoice.id), u32(7), u32(world.between(3, 30))));
        }
    }

    /** {@code cleanup_invoice} and the pool's {@code cleanup_funded_invoice}: a finished invoice is forgotten. */
    void cleanup(Tx tx) {
        Invoice invoice = world.any(i -> i.state.terminal()).orElseThrow();
        world.forget(invoice.id);
        tx.invoice("cleanup", u64(invoice.id));
        if (invoice.principal > 0) {
            tx.pool("cleanup", u64(invoice.id));
        }
    }

    /** {@code cleanup_expired_storage}: a keeper's batch sweep of finished invoices. */
    void storageSweep(Tx tx) {
        var finished = world.invoices.values().stream().filter(i -> i.state.terminal()).map(i -> i.id)
                .limit(5).toList();
        finished.forEach(world::forget);
        tx.invoice("st_clean", vec(u32(finished.size()), world.address(world.pick(world.actors.keepers()))));
    }

    private void rateSnapshot(Tx tx, String token) {
        tx.pool("rate_snap", vec(world.address(token), u64(world.now), u32(world.utilizationBps),
                u32(world.rateBps())));
    }

    private static String hex(long value, int digits) {
        String h = HexFormat.of().toHexDigits(value * 0x9E3779B97F4A7C15L);
        return (h + h + h).substring(0, digits);
    }
}
