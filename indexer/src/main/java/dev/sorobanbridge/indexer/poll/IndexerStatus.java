package dev.sorobanbridge.indexer.poll;

import java.time.Instant;

/**
 * A snapshot of the indexer for {@code /health/ready} and operators.
 *
 * @param leader       true while this node holds the event log's writer and polls
 * @param latestLedger the RPC's latest ledger at the last successful poll; null before one
 * @param cursorLedger the ledger of the committed cursor; null before the start is known
 * @param lagLedgers   {@code latestLedger - cursorLedger}; null while either is unknown
 * @param lastPollAt   when the last poll that reached the latest ledger finished; null before one
 * @param lastError    the current fault, one line; null while polls succeed
 */
public record IndexerStatus(boolean leader, Long latestLedger, Long cursorLedger, Long lagLedgers,
                            Instant lastPollAt, String lastError) {}
