package dev.sorobanbridge.simulator.activity;

import static dev.sorobanbridge.simulator.activity.Tokens.tokens;
import static dev.sorobanbridge.abi.ScVals.vec;
import static dev.sorobanbridge.abi.ScVals.u32;
import static dev.sorobanbridge.abi.ScVals.u64;

import java.util.Map;

/** Investor flows on the pool (docs/events.md, pool contract): deposits, withdrawals, the queue, yield, referrals. */
final class LiquidityFlows {
    private final World world;

    LiquidityFlows(World world) {
        this.world = world;
    }

    /** {@code deposit}: shares are minted, then queued withdrawals of other investors may settle. */
    void deposit(Tx tx) {
        String investor = world.investor();
        long received = world.amount(500, 80_000);
        long minted = received * world.between(90, 99) / 100;
        world.addShares(investor, minted);
        tx.pool("deposit", vec(world.address(investor), world.address(world.token()), tokens(received),
                tokens(minted), u64(world.now)));
        if (world.chance(0.3)) {
            settleQueue(tx);
        }
        if (world.chance(0.1)) {
            referralReward(tx, investor);
        }
    }

    /** {@code withdraw}: immediate, part of the investor's shares. */
    void withdraw(Tx tx) {
        String investor = world.investorWithShares().orElseThrow();
        long burned = Math.max(1, world.shares.get(investor) * world.between(10, 100) / 100);
        world.addShares(investor, -burned);
        tx.pool("withdraw", vec(world.address(investor), world.address(world.token()), tokens(burned * 101 / 100),
                tokens(burned), u64(world.now)));
    }

    /** {@code request_withdrawal}: paid at once ({@code wd_full}, request 0) or queued. */
    void requestWithdrawal(Tx tx) {
        String investor = world.investorWithShares().orElseThrow();
        long requested = Math.max(1, world.shares.get(investor) * world.between(20, 100) / 100);
        String token = world.token();
        if (world.queue.size() >= World.MAX_QUEUED_WITHDRAWALS || world.chance(0.4)) {
            world.addShares(investor, -requested);
            tx.pool("wd_full", vec(world.address(investor), world.address(token), tokens(requested * 101 / 100),
                    tokens(requested), u64(0)));
            return;
        }
        long requestId = ++world.lastRequestId;
        world.queue.put(requestId, new World.QueuedWithdrawal(investor, token, requested));
        tx.pool("wd_queue", vec(world.address(investor), world.address(token), tokens(requested), u64(requestId)));
    }

    /** {@code cancel_withdrawal_request}. */
    void cancelWithdrawal(Tx tx) {
        long requestId = world.pick(world.queue.keySet().stream().toList());
        World.QueuedWithdrawal request = world.queue.remove(requestId);
        tx.pool("wd_cncl", vec(world.address(request.investor()), world.address(request.token()), u64(requestId)));
    }

    /** {@code claim_yield}. */
    void claimYield(Tx tx) {
        String investor = world.investorWithShares().orElseThrow();
        long claimable = Math.max(1, world.shares.get(investor) / world.between(40, 200));
        long bonus = world.chance(0.2) ? Math.max(1, claimable / 10) : 0;
        tx.pool("yld_claim", vec(world.address(investor), world.address(world.token()), tokens(claimable),
                tokens(bonus)));
    }

    /**
     * {@code drain_withdrawal_queue}, also run inside deposits and full repayments.
     * Works through up to three queued requests in order: each is paid in full ({@code wd_full}) or,
     * when liquidity runs short, in part ({@code wd_part}, the rest stays queued).
     */
    void settleQueue(Tx tx) {
        var iterator = world.queue.entrySet().iterator();
        for (int settled = 0; settled < 3 && iterator.hasNext(); settled++) {
            Map.Entry<Long, World.QueuedWithdrawal> entry = iterator.next();
            World.QueuedWithdrawal request = entry.getValue();
            if (world.chance(0.75) || request.shares() < 2) {
                iterator.remove();
                world.addShares(request.investor(), -request.shares());
                tx.pool("wd_full", vec(world.address(request.investor()), world.address(request.token()),
                        tokens(request.shares() * 101 / 100), tokens(request.shares()), u64(entry.getKey())));
            } else {
                long paid = request.shares() / 2;
                long left = request.shares() - paid;
                entry.setValue(new World.QueuedWithdrawal(request.investor(), request.token(), left));
                world.addShares(request.investor(), -paid);
                tx.pool("wd_part", vec(world.address(request.investor()), world.address(request.token()),
                        tokens(paid * 101 / 100), tokens(paid), u64(entry.getKey())));
                return;
            }
        }
    }

    /** {@code record_referral_activity}: the referee's reward. */
    void referralReward(Tx tx, String referee) {
        tx.pool("ref_pay", vec(world.address(referee), tokens(world.between(1, 50))));
    }

    /**
     * A deposit the concentration limit rejects: {@code conc_excd} is emitted, then the call fails,
     * so the event carries {@code inSuccessfulContractCall=false} and nothing changes.
     */
    void rejectedDeposit(Tx tx) {
        tx.pool("conc_excd", vec(world.address(world.investor()), u32(world.between(2_600, 4_000)), u32(2_500)));
    }

    /** A deposit whose call failed after publishing (e.g. the share token's mint failed). */
    void failedDeposit(Tx tx) {
        long received = world.amount(500, 80_000);
        tx.pool("deposit", vec(world.address(world.investor()), world.address(world.token()), tokens(received),
                tokens(received), u64(world.now)));
    }
}
