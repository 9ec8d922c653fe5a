package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.indexer.rpc.LedgerEntries;
import dev.sorobanbridge.indexer.rpc.RpcException;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;
import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatorOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.URI;
import java.time.Duration;
import java.util.List;

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
            simulator = RpcSimulator.start(SimulatorOptions.manual(11).withNetworkPassphrase(TestAuthConfig.NETWORK));
        }
        return simulator;
    }

    /** SEP-10's account lookup on the simulated chain, through the real RPC client as the application wires it. */
    static AccountEntries accounts() {
        return accounts(new AppConfig.Rpc(simulator().url(), TestAuthConfig.NETWORK, Duration.ofSeconds(5)));
    }

    /** An RPC address where nothing listens. */
    static AccountEntries unreachable() {
        return accounts(new AppConfig.Rpc(URI.create("http://127.0.0.1:1/"), TestAuthConfig.NETWORK, Duration.ofSeconds(2)));
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
