package dev.sorobanbridge.log;

import java.util.List;

/**
 * A page of the log read together with the log's head, and bounded by it: the page holds no event
 * newer than {@code head}, so "this page, then every event after {@code head}" has no gap and no
 * duplicate, however many appends run meanwhile.
 *
 * @param events the matching events, in the query's order
 * @param head   the newest id stored when the page was read; null when the log was empty
 */
public record LogPage(List<StoredEvent> events, String head) {
    public LogPage {
        events = List.copyOf(events);
    }
}
