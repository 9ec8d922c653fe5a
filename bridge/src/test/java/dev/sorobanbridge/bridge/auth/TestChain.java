package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.indexer.rpc.LedgerEntries;
import dev.sorobanbridge.indexer.rpc.RpcException;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;
import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatorOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.List;
import java.util.Map;

/**
 * The simulated Stellar RPC the auth tests log in against: one per test JVM, ledgers closed by hand,
 * on the tests' network. Accounts added with {@link RpcSimulator#putAccount} exist on it; every other
 * account does not (SEP-10 then accepts its own key).
 */
final class TestChain {
    private static RpcSimulator simulator;

    private TestChain() {}

    static synchronized RpcSimulator simulator() {
        if (simulator == null) {
            simulator = RpcSimulator.start(SimulatorOptions.manual(11).with(o -> o.networkPassphrase = TestAuthConfig.NETWORK));
        }
        return simulator;
    }

    /** SEP-10's account lookup on the simulated chain, through the real RPC client as the application wires it. */
    static AccountEntries accounts() {
        return accounts(rpc(simulator().url().toString(), "5s"));
    }

    /** An RPC address where nothing listens. */
    static AccountEntries unreachable() {
        return accounts(rpc("http://127.0.0.1:1/", "2s"));
    }

    private static AppConfig.Rpc rpc(String url, String timeout) {
        return TestAuthConfig.load(Map.of("rpc.url", url, "rpc.network-passphrase", TestAuthConfig.NETWORK,
                "rpc.timeout", timeout)).rpc();
    }

    private static AccountEntries accounts(AppConfig.Rpc rpc) {
        StellarRpcClient client = StellarRpcClient.create(rpc, new SimpleMeterRegistry());
        return key -> {
            try {
                return client.getLedgerEntries(List.of(key)).entries().stream().findFirst().map(LedgerEntries.Entry::xdr);
            } catch (RpcException e) {
                throw new AccountEntries.Unavailable(e.getMessage(), e);
            }
        };
    }
}
