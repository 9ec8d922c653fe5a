package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatorOptions;

import java.net.URI;
import java.time.Duration;

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

    static AppConfig.Rpc rpc() {
        return new AppConfig.Rpc(simulator().url(), TestAuthConfig.NETWORK, Duration.ofSeconds(5));
    }

    /** An RPC address where nothing listens. */
    static AppConfig.Rpc unreachable() {
        return new AppConfig.Rpc(URI.create("http://127.0.0.1:1/"), TestAuthConfig.NETWORK, Duration.ofSeconds(2));
    }
}
