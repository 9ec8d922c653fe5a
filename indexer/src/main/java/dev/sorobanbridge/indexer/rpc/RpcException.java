package dev.sorobanbridge.indexer.rpc;

/**
 * A Stellar RPC call that did not produce a usable result. Each subtype is one way a call can fail,
 * and {@link #outcome()} is the {@code outcome} tag it is counted under in {@code rpc_request_seconds}.
 * Messages name the method and what went wrong, never the RPC URL (it may carry an API key).
 */
public abstract sealed class RpcException extends Exception
        permits RpcErrorException, RpcHttpException, RpcTimeoutException, RpcIoException, RpcBadResponseException {

    private final String method;

    RpcException(String method, String message, Throwable cause) {
        super(method + ": " + message, cause);
        this.method = method;
    }

    /** The JSON-RPC method that failed, e.g. {@code getEvents}. */
    public String method() {
        return method;
    }

    /** The metric tag for this failure: {@code rpc_error}, {@code http_error}, {@code timeout}, ... */
    public abstract String outcome();
}
