package dev.sorobanbridge.log;

import java.time.Duration;

/**
 * @param maxAge    prune events whose ledger closed longer ago than this; null keeps them
 * @param maxEvents keep at most this many newest events; 0 means unlimited
 */
public record Retention(Duration maxAge, long maxEvents) {}
