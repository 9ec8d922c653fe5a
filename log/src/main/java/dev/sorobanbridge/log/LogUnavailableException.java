package dev.sorobanbridge.log;

/** The store could not be reached or failed; the operation may be retried later. */
public class LogUnavailableException extends RuntimeException {
    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
