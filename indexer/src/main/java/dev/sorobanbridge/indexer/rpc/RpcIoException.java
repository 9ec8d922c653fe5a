package dev.sorobanbridge.indexer.rpc;

import java.io.IOException;

/** The connection failed: refused, reset, closed mid-response, TLS failure, ... */
public final class RpcIoException extends RpcException {
    public RpcIoException(String method, IOException cause) {
        super(method, "I/O error: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }

    @Override
    public String outcome() {
        return "io_error";
    }
}
