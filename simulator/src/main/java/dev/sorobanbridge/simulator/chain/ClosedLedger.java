package dev.sorobanbridge.simulator.chain;

import dev.sorobanbridge.simulator.SimulatedEvent;
import java.time.Instant;
import java.util.List;

/**
 * One closed ledger and its events in chain order.
 *
 * @param closedAt when it closed, with sub-second precision (the RPC shows whole seconds); drivers
 *                 use it to measure ledger-close-to-receipt lag
 * @param hash     hex, what {@code getLatestLedger} calls {@code id}
 */
public record ClosedLedger(long sequence, Instant closedAt, String hash, List<SimulatedEvent> events) {
    public ClosedLedger {
        events = List.copyOf(events);
    }

    /** Close time in unix seconds, the RPC's {@code *CloseTime} fields. */
    public long closeTimeSeconds() {
        return closedAt.getEpochSecond();
    }
}
