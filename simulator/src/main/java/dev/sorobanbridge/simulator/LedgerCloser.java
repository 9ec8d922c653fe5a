package dev.sorobanbridge.simulator;

import dev.sorobanbridge.simulator.activity.AsteraActivity;
import dev.sorobanbridge.simulator.activity.ContractEvent;
import dev.sorobanbridge.simulator.activity.Transaction;
import dev.sorobanbridge.simulator.chain.Chain;
import dev.sorobanbridge.simulator.chain.ClosedLedger;
import dev.sorobanbridge.simulator.chain.EventPosition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Closes ledgers one at a time: asks the activity for the ledger's transactions, gives every
 * event its id (transaction index from 1, operation 0, event index from 0 within the
 * transaction), and appends the ledger to the chain.
 */
final class LedgerCloser {
    private final AsteraActivity activity;
    private final Chain chain;
    private final long seed;
    // the scheduled closer and closeLedger() callers may race; ledgers must close one by one
    private final ReentrantLock lock = new ReentrantLock();
    private long nextSequence;
    private Instant lastClose = Instant.EPOCH;

    LedgerCloser(AsteraActivity activity, Chain chain, long firstLedger, long seed) {
        this.activity = activity;
        this.chain = chain;
        this.nextSequence = firstLedger;
        this.seed = seed;
    }

    /** Closes the next ledger now, or just after the previous one if the clock has not moved. */
    void closeNow() {
        lock.lock();
        try {
            Instant now = Instant.now();
            close(now.isAfter(lastClose) ? now : lastClose.plus(Duration.ofMillis(1)));
        } finally {
            lock.unlock();
        }
    }

    /** Closes the next ledger at a given time: history pre-closed at start. */
    void closeAt(Instant closeTime) {
        lock.lock();
        try {
            close(closeTime);
        } finally {
            lock.unlock();
        }
    }

    private void close(Instant closeTime) {
        long sequence = nextSequence;
        Instant shownCloseTime = closeTime.truncatedTo(ChronoUnit.SECONDS);
        List<SimulatedEvent> events = new ArrayList<>();
        int txIndex = 0;
        for (Transaction transaction : activity.nextLedger(closeTime)) {
            txIndex++;
            String txHash = sha256Hex("tx/" + sequence + "/" + txIndex);
            int eventIndex = 0;
            for (ContractEvent event : transaction.events()) {
                String id = new EventPosition(sequence, txIndex, 0, eventIndex).id();
                events.add(new SimulatedEvent(id, sequence, txIndex, 0, eventIndex, shownCloseTime, event.contractId(),
                        txHash, event.topicXdr(), event.valueXdr(), transaction.successful()));
                eventIndex++;
            }
        }
        chain.append(new ClosedLedger(sequence, closeTime, sha256Hex("ledger/" + sequence), events));
        nextSequence = sequence + 1;
        lastClose = closeTime;
    }

    private String sha256Hex(String label) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((seed + "/" + label).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
