package dev.sorobanbridge.bridge.health;

import java.util.OptionalLong;

/**
 * What readiness needs to know about this node's indexer.
 *
 * @param leader     this node's indexer holds the writer lock and polls
 * @param lagLedgers how far the stored cursor is behind the RPC's latest ledger; empty before the first poll
 */
public record IndexerState(boolean leader, OptionalLong lagLedgers) {}
