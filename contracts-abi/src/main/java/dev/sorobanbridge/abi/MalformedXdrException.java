package dev.sorobanbridge.abi;

/** Bytes that are not the XDR they should be: not base64, a length the bytes cannot hold, an unknown arm. */
public final class MalformedXdrException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedXdrException(String message) {
        super(message);
    }
}
