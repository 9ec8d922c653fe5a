package dev.sorobanbridge.simulator.rpc;

/** A JSON-RPC error answer, with stellar-rpc's code and message. */
public final class RpcException extends RuntimeException {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** stellar-rpc: the request took longer than its method's budget. */
    public static final int PROCESSING_LIMIT = -32001;
    /** stellar-rpc: "request failed to process due to internal issue". */
    public static final int INTERNAL_ISSUE = -32003;

    private final int code;

    public RpcException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static RpcException invalidParams(String message) {
        return new RpcException(INVALID_PARAMS, message);
    }

    public int code() {
        return code;
    }
}
