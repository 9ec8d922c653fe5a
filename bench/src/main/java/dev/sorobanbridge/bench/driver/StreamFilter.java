package dev.sorobanbridge.bench.driver;

/**
 * One stream's filter.
 *
 * @param query the filter's query parameters, URL-safe ({@code invoiceId=42}), empty for all events
 */
public record StreamFilter(FilterMix.Kind kind, String query) {}
