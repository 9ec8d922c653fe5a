package dev.sorobanbridge.bridge.sse;

/**
 * Where a stream's replay starts.
 *
 * @param afterId send every event after this id (null: from the oldest stored)
 * @param reset   why the client must refetch its state before trusting the stream, or null
 */
record StartPosition(String afterId, Reset reset) {

    /**
     * @param reason        {@code pruned}, {@code unknown_id} or {@code gap}
     * @param oldestEventId the oldest event the log still holds, or null when it is empty
     */
    record Reset(String reason, String oldestEventId) {}
}
