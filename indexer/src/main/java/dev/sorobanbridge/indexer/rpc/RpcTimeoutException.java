package dev.sorobanbridge.indexer.rpc;

import java.io.InterruptedIOException;

/** The call did not complete within the HTTP client's timeouts. */
public final class RpcTimeoutException extends RpcException {
    public RpcTimeoutException(String method, InterruptedIOException cause) {
        super(method, "timed out (" + cause.getMessage() + ")", cause);
    }

    @Override
    public String outcome() {
        return "timeout";
    }
}
