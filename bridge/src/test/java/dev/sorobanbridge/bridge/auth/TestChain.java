package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatorOptions;

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

    static AppConfig.Rpc rpc() {
        return rpc(simulator().url().toString(), "5s");
    }

    /** An RPC address where nothing listens. */
    static AppConfig.Rpc unreachable() {
        return rpc("http://127.0.0.1:1/", "2s");
    }

    private static AppConfig.Rpc rpc(String url, String timeout) {
        return TestAuthConfig.load(Map.of("rpc.url", url, "rpc.network-passphrase", TestAuthConfig.NETWORK,
                "rpc.timeout", timeout)).rpc();
    }
}
