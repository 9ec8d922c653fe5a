package dev.sorobanbridge.bridge.sse;

import dev.sorobanbridge.log.EventLog;

import java.util.Optional;

/**
 * Decides where a stream starts, and whether the client must be told to {@code reset}: the log can
 * no longer give it exactly the events it missed.
 */
final class ResumePlanner {
    private final EventLog log;

    ResumePlanner(EventLog log) {
        this.log = log;
    }

    /**
     * @param resumeId the client's Last-Event-ID, or null for a new client
     */
    StartPosition plan(String resumeId) {
        Optional<String> newest = log.newestId();
        if (resumeId == null) {
            // A new client starts at the head: "what happens from now on". The replay after subscribing
            // still covers events stored between this read and the subscription.
            return new StartPosition(newest.orElse(null), null);
        }
        Optional<String> oldest = log.oldestId();
        if (newest.isEmpty() || resumeId.compareTo(newest.get()) > 0) {
            // The id is from another deployment or a rebuilt log: waiting for it would be a silent stall.
            return reset("unknown_id", oldest, newest);
        }
        if (resumeId.compareTo(oldest.orElseThrow()) < 0) {
            // Events after the client's id may have been pruned; it cannot be told exactly what it missed.
            return reset("pruned", oldest, newest);
        }
        if (!log.gapsAfter(resumeId).isEmpty()) {
            return reset("gap", oldest, newest);
        }
        return new StartPosition(resumeId, null);
    }

    private static StartPosition reset(String reason, Optional<String> oldest, Optional<String> newest) {
        return new StartPosition(newest.orElse(null), new StartPosition.Reset(reason, oldest.orElse(null)));
    }
}
