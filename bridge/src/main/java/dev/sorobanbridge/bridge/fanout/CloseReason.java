package dev.sorobanbridge.bridge.fanout;

/** Why a subscription was ended from outside its own stream. */
public enum CloseReason {
    /** Its queue was full: the client reads slower than events arrive. */
    SLOW_CONSUMER,
    /** A new stream was opened with the same ticket. */
    REPLACED,
    /** The server is shutting down. */
    DRAINING
}
