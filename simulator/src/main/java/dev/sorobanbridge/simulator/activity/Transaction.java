package dev.sorobanbridge.simulator.activity;

import java.util.List;

/**
 * One transaction's events in emission order.
 *
 * @param successful false when the contract call failed: its events are still served, with
 *                   {@code inSuccessfulContractCall=false}, and nothing in the world changed
 */
public record Transaction(List<ContractEvent> events, boolean successful) {
    public Transaction {
        events = List.copyOf(events);
    }
}
