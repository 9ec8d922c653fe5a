package dev.sorobanbridge.bridge;

import dev.sorobanbridge.abi.EventDecoder;
import dev.sorobanbridge.bridge.auth.AuthModule;
import dev.sorobanbridge.bridge.auth.Authenticator;
import dev.sorobanbridge.bridge.health.IndexerState;
import dev.sorobanbridge.bridge.metrics.PrometheusMetrics;
import dev.sorobanbridge.bridge.server.Authentication;
import dev.sorobanbridge.bridge.server.BridgeServer;
import dev.sorobanbridge.bridge.server.Role;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.indexer.poll.Indexer;
import dev.sorobanbridge.indexer.poll.IndexerStatus;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;
import dev.sorobanbridge.indexer.store.Database;
import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatorOptions;
import io.micrometer.core.instrument.Gauge;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * One running node, wired from its configuration: metrics, the database, (with {@code --demo}) the
 * simulated chain, the indexer for roles all/indexer, auth and the web server. Closing it drains the
 * streams first and then stops everything in reverse order of start.
 */
final class Node implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());
    /** Demo ledgers are numbered by wall-clock time, so a restarted demo continues after what it stored. */
    private static final Instant DEMO_EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final long DEMO_FIRST_LEDGER = 3_800_000;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AppConfig config;
    private BridgeServer server;

    private Node(AppConfig config) {
        this.config = config;
    }

    static Node start(AppConfig config, Role role, Clock clock) {
        Node node = new Node(config);
        try {
            node.startAll(role, clock);
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void startAll(Role role, Clock clock) {
        AppConfig effective = config;
        PrometheusMetrics metrics = track(new PrometheusMetrics());
        if (config.demo().enabled() && role.runsIndexer()) {
            RpcSimulator simulator = track(RpcSimulator.start(demoChain(clock)));
            effective = onSimulatedChain(config, simulator);
        }
        Database database = track(Database.open(effective.storage()));

        Supplier<IndexerState> indexerState = null;
        if (role.runsIndexer()) {
            Indexer indexer = new Indexer(effective.indexer(), effective.contracts(), database.eventLog(),
                    new EventDecoder(effective.contracts().invoice(), effective.contracts().pool()),
                    StellarRpcClient.create(effective.rpc(), metrics.registry()),
                    metrics.registry(), clock);
            track(indexer);
            indexer.start();
            indexerState = () -> indexerState(indexer.status());
        } else {
            // docs/design.md#leader-lock: the gauge is 1 on the node whose indexer polls and 0 on every other node.
            Gauge.builder("indexer.leader", () -> 0).description("1 while this node's indexer holds the event log writer and polls")
                    .register(metrics.registry());
        }

        Authentication auth = role.servesStreams()
                ? authentication(AuthModule.create(effective, database.dataSource(), metrics.registry(), clock, dataDir(effective)))
                : new Authentication(req -> { throw new IllegalStateException("no streams on an indexer node"); },
                        session -> false, routing -> { });
        server = track(new BridgeServer(effective, role, database.eventLog(), metrics.registry(), auth, indexerState, clock));
        server.start();
    }

    int port() {
        return server.port();
    }

    /** "https" when server.tls is set, else "http". */
    String scheme() {
        return server.tls() ? "https" : "http";
    }

    private static Authentication authentication(AuthModule module) {
        Authenticator authenticator = module.authenticator();
        return new Authentication(authenticator::authenticate, authenticator::isRevoked, module.routes()::register);
    }

    private SimulatorOptions demoChain(Clock clock) {
        Duration interval = config.demo().ledgerInterval();
        long sinceEpoch = Duration.between(DEMO_EPOCH, clock.instant()).toMillis() / interval.toMillis();
        long first = Math.max(2, DEMO_FIRST_LEDGER + sinceEpoch - config.demo().historyLedgers());
        return SimulatorOptions.demo()
                .withLedgerInterval(interval)
                .withHistoryLedgers(config.demo().historyLedgers())
                .withFirstLedger(first)
                .withNetworkPassphrase(config.rpc().networkPassphrase());
    }

    /** The configuration with the RPC and contracts of the simulated chain; a fresh log starts at its history. */
    private static AppConfig onSimulatedChain(AppConfig c, RpcSimulator simulator) {
        AppConfig.Indexer i = c.indexer();
        OptionalLong start = i.startLedger().isPresent() ? i.startLedger() : OptionalLong.of(simulator.oldestLedger());
        return new AppConfig(
                new AppConfig.Rpc(simulator.url(), c.rpc().networkPassphrase(), c.rpc().timeout()),
                new AppConfig.Contracts(simulator.invoiceContractId(), simulator.poolContractId()),
                new AppConfig.Indexer(start, i.pollInterval(), i.pageSize(), i.maxLagLedgers(), i.healthCheckInterval()),
                c.storage(), c.server(), c.auth(), c.stream(), c.limits(), c.demo());
    }

    /** Where generated keys live: beside the SQLite file; a PostgreSQL cluster must configure its keys. */
    private static Path dataDir(AppConfig c) {
        return c.storage().kind() == AppConfig.StorageKind.SQLITE
                ? c.storage().sqlitePath().toAbsolutePath().getParent()
                : null;
    }

    private static IndexerState indexerState(IndexerStatus status) {
        return new IndexerState(status.leader(),
                status.lagLedgers() == null ? OptionalLong.empty() : OptionalLong.of(status.lagLedgers()));
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    /** Stops everything, newest first; the web server drains its streams over server.shutdown-drain. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "while stopping " + resource.getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
