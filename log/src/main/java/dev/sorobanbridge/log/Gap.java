package dev.sorobanbridge.log;

import java.time.Instant;

/**
 * Ledgers the indexer could not read because the RPC no longer retained them.
 *
 * @param lastIdBefore newest event id stored before the gap (null if the log was empty); a client
 *                     resuming from this id or earlier has missed events and must resync
 */
public record Gap(long fromLedger, long toLedger, String lastIdBefore, Instant recordedAt) {}
