package dev.sorobanbridge.indexer.rpc;

/**
 * The RPC answered HTTP 2xx with a body we cannot use: not JSON, neither {@code result} nor
 * {@code error}, or a result missing a required field or holding a value of the wrong kind.
 */
public final class RpcBadResponseException extends RpcException {
    public RpcBadResponseException(String method, String problem) {
        super(method, "malformed response: " + problem, null);
    }

    @Override
    public String outcome() {
        return "bad_response";
    }
}
