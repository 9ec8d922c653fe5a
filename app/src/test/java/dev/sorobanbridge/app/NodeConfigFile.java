package dev.sorobanbridge.app;

import dev.sorobanbridge.simulator.RpcSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** The YAML file a child node is started with (--config): a simulated chain, SQLite under {@code dir}, a fixed port. */
final class NodeConfigFile {
    private NodeConfigFile() {}

    /**
     * @param indexer lines added under {@code indexer:} (indented two spaces), or ""
     * @param more    top-level YAML appended as is, or ""
     */
    static Path write(Path dir, RpcSimulator chain, int port, String indexer, String more) {
        try {
            return Files.writeString(dir.resolve("node.yaml"), """
                    rpc:
                      url: %s
                      network-passphrase: "%s"
                    contracts:
                      invoice: %s
                      pool: %s
                    indexer:
                      start-ledger: %d
                    %s
                    storage:
                      sqlite-path: %s
                    server:
                      host: 127.0.0.1
                      port: %d
                      shutdown-drain: 500ms
                    auth:
                      home-domain: localhost
                      jwt:
                        issuer: http://localhost:%d
                        hs256-secret: "an-hs256-secret-of-at-least-32-bytes-for-tests"
                    %s
                    """.formatted(chain.url(), chain.networkPassphrase(), chain.invoiceContractId(),
                    chain.poolContractId(), chain.oldestLedger(), indexer, dir.resolve("data/events.db"), port, port, more));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
