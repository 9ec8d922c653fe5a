package dev.sorobanbridge.abi;

/**
 * What {@link EventDecoder} made of one raw event.
 *
 * @param failure null when the XDR decoded cleanly; otherwise why it did not (the event is then
 *                an {@code <contract>.unknown} carrying the raw XDR, so nothing is dropped)
 */
public record DecodedEvent(ActivityEvent event, String failure) {
    public boolean malformed() {
        return failure != null;
    }
}
