package dev.sorobanbridge.bridge.server;

import java.util.Locale;

/** What a node does ({@code --role}). Every role serves {@code /metrics} and {@code /health/*}. */
public enum Role {
    /** Polls and serves streams. */
    ALL,
    /** Polls and appends only (with PostgreSQL, only while it holds the leader lock). */
    INDEXER,
    /** Serves streams from the shared log. */
    BRIDGE;

    public boolean runsIndexer() {
        return this != BRIDGE;
    }

    public boolean servesStreams() {
        return this != INDEXER;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException with a sentence for the command line */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.text().equals(text)) return role;
        }
        throw new IllegalArgumentException("--role must be all, indexer or bridge, got '" + text + "'.");
    }
}
