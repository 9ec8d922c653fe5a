package dev.sorobanbridge.simulator.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sorobanbridge.simulator.chain.Chain;
import dev.sorobanbridge.simulator.chain.ClosedLedger;

/** The stellar-rpc methods the simulator serves, by name. */
public final class RpcMethods {
    /** The protocol whose RPC schema (v23+: no pagingToken, close times present) is simulated. */
    public static final int PROTOCOL_VERSION = 23;

    private final Chain chain;
    private final GetEvents getEvents;
    private final long retentionWindow;
    private final String networkPassphrase;
    private final LedgerAccounts accounts;

    public RpcMethods(Chain chain, long retentionWindow, String networkPassphrase, LedgerAccounts accounts) {
        this.chain = chain;
        this.getEvents = new GetEvents(chain);
        this.retentionWindow = retentionWindow;
        this.networkPassphrase = networkPassphrase;
        this.accounts = accounts;
    }

    record LatestLedger(String id, int protocolVersion, long sequence, String closeTime) {
    }

    record Health(String status, long latestLedger, String latestLedgerCloseTime, long oldestLedger,
                  String oldestLedgerCloseTime, long ledgerRetentionWindow) {
    }

    record Network(String passphrase, int protocolVersion) {
    }

    /**
     * @param params the request's {@code params}: an object, or an empty one when absent
     * @throws RpcException with the JSON-RPC error to answer
     */
    Object call(String method, JsonNode params) {
        return switch (method) {
            case "getEvents" -> getEvents.answer(params);
            case "getLatestLedger" -> latestLedger();
            case "getHealth" -> health();
            case "getNetwork" -> new Network(networkPassphrase, PROTOCOL_VERSION);
            case "getLedgerEntries" -> accounts.answer(params);
            default -> throw new RpcException(RpcException.METHOD_NOT_FOUND, "method not found: " + method);
        };
    }

    private LatestLedger latestLedger() {
        ClosedLedger latest = chain.range().latest();
        return new LatestLedger(latest.hash(), PROTOCOL_VERSION, latest.sequence(),
                String.valueOf(latest.closeTimeSeconds()));
    }

    private Health health() {
        Chain.Range range = chain.range();
        return new Health("healthy", range.latest().sequence(), String.valueOf(range.latest().closeTimeSeconds()),
                range.oldest().sequence(), String.valueOf(range.oldest().closeTimeSeconds()), retentionWindow);
    }
}
