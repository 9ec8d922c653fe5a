package dev.sorobanbridge.indexer.rpc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The RPC answered with a JSON-RPC {@code error} object. */
public final class RpcErrorException extends RpcException {
    /** InvalidRequest; getEvents uses it for a start ledger or cursor outside the retained range. */
    public static final int INVALID_REQUEST = -32600;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** The request exceeded the RPC's processing-time budget. */
    public static final int PROCESSING_TIMEOUT = -32001;
    public static final int INTERNAL_ISSUE = -32003;

    // stellar-rpc get_events.go: fmt.Sprintf("startLedger must be within the ledger range: %d - %d", first, last)
    private static final Pattern LEDGER_RANGE =
            Pattern.compile("startLedger must be within the ledger range: (\\d+) - (\\d+)");

    private final int code;
    private final String rpcMessage;
    private final String data;

    /**
     * @param data the error's {@code data} member as JSON text, or null when absent
     */
    public RpcErrorException(String method, int code, String rpcMessage, String data) {
        super(method, "JSON-RPC error " + code + ": " + rpcMessage, null);
        this.code = code;
        this.rpcMessage = rpcMessage;
        this.data = data;
    }

    public int code() {
        return code;
    }

    /** The error's {@code message} member as the RPC sent it. */
    public String rpcMessage() {
        return rpcMessage;
    }

    /** The error's {@code data} member as JSON text, or null. */
    public String data() {
        return data;
    }

    /**
     * The ledgers the RPC currently holds, when this is getEvents' "startLedger must be within the
     * ledger range: oldest - latest" error. The same error answers a start (or cursor) that is older
     * than the retention window and one that is newer than the latest ledger.
     */
    public Optional<LedgerRange> ledgerRange() {
        if (code != INVALID_REQUEST || rpcMessage == null) {
            return Optional.empty();
        }
        Matcher m = LEDGER_RANGE.matcher(rpcMessage);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LedgerRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String outcome() {
        return "rpc_error";
    }

    /** The range of ledgers an RPC retains, both ends inclusive. */
    public record LedgerRange(long oldest, long latest) {}
}
