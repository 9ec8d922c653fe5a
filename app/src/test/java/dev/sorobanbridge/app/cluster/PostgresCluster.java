package dev.sorobanbridge.app.cluster;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.app.ChildNode;
import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatedEvent;
import dev.sorobanbridge.simulator.SimulatorOptions;
import dev.sorobanbridge.testsupport.TestPostgres;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Transaction;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A scale-out deployment on this machine, configured only through environment variables as an
 * operator would: a simulated Stellar RPC in the test JVM closing a ledger every second, indexer
 * and bridge nodes as separate {@code Main} JVMs, and one fresh schema on the real PostgreSQL
 * shared by all of them. Every node's PostgreSQL session carries the application name
 * {@link #applicationName}, so a test can cut exactly this cluster's sessions.
 */
final class PostgresCluster implements AutoCloseable {
    static final String SERVER = TestPostgres.url();
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration LEDGER_INTERVAL = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    final String schema;
    final String applicationName;
    final RpcSimulator chain;
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final List<ClusterNode> nodes = new CopyOnWriteArrayList<>();
    private final Thread ledgers;
    /** Should the test JVM exit without {@link #close()} (a surefire timeout), the nodes die with it. */
    private final Thread orphanGuard = new Thread(this::killAll, "cluster-orphan-guard");
    private volatile boolean closingLedgers = true;
    private int started;

    private PostgresCluster(Path dir, String schema) {
        this.dir = dir;
        this.schema = schema;
        this.applicationName = "cluster-test-" + schema;
        this.chain = RpcSimulator.start(SimulatorOptions.manual(11).with(o -> {
            o.historyLedgers = 5;
            o.eventsPerLedger = 5;
        }));
        KeyPair serverKey = KeyPair.random();
        // What every node of a real cluster shares: the RPC, the contracts, the store and all of auth.
        env.put("RPC_URL", chain.url().toString());
        env.put("RPC_NETWORK_PASSPHRASE", chain.networkPassphrase());
        env.put("CONTRACTS_INVOICE", chain.invoiceContractId());
        env.put("CONTRACTS_POOL", chain.poolContractId());
        env.put("INDEXER_START_LEDGER", Long.toString(chain.oldestLedger()));
        env.put("INDEXER_POLL_INTERVAL", "250ms");
        env.put("STORAGE_KIND", "postgres");
        env.put("STORAGE_POSTGRES_URL", SERVER + "&currentSchema=" + schema + "&ApplicationName=" + applicationName);
        env.put("STORAGE_POOL_SIZE", "4");
        env.put("SERVER_HOST", "127.0.0.1");
        env.put("SERVER_SHUTDOWN_DRAIN", "500ms");
        env.put("AUTH_SIGNING_SEED", new String(serverKey.getSecretSeed()));
        env.put("AUTH_JWT_HS256_SECRET", HexFormat.of().formatHex(randomBytes(32)));
        env.put("AUTH_JWT_ISSUER", "https://bridge.cluster.test");
        env.put("AUTH_ALLOW_QUERY_TOKEN", "false");
        env.put("STREAM_HEARTBEAT", "1s");
        env.put("STREAM_RETRY", "300ms");
        env.put("LIMITS_MAX_STREAMS_PER_WALLET", "50");
        this.ledgers = Thread.ofVirtual().name("ledger-clock").start(this::closeLedgers);
        Runtime.getRuntime().addShutdownHook(orphanGuard);
    }

    /** Creates the schema and starts the chain; nodes are added with {@link #start}. */
    static PostgresCluster create(Path dir) throws SQLException {
        String schema = "cluster_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        admin("CREATE SCHEMA " + schema);
        return new PostgresCluster(dir, schema);
    }

    /**
     * Starts one node per role given ({@code indexer} or {@code bridge}), all at once so the JVM
     * start-ups overlap, and waits until each answers /health/live.
     */
    List<ClusterNode> start(String... roles) throws Exception {
        List<ClusterNode> fresh = new ArrayList<>();
        for (String role : roles) {
            int port = freePort();
            String name = role + "-" + (++started);
            Map<String, String> nodeEnv = new HashMap<>(env);
            nodeEnv.put("SERVER_PORT", Integer.toString(port));
            Path output = dir.resolve(name + ".log");
            ClusterNode node = new ClusterNode(name, role, port, output,
                    ChildNode.start(dir, output, nodeEnv, "--role", role));
            nodes.add(node);
            fresh.add(node);
        }
        for (ClusterNode node : fresh) node.awaitLive(START_TIMEOUT);
        return fresh;
    }

    List<ClusterNode> live(String role) {
        return nodes.stream().filter(n -> n.role.equals(role) && !n.killed()).toList();
    }

    /** The indexer node whose /health/ready says "leader": true, waiting up to the timeout for one. */
    ClusterNode awaitLeader(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ClusterNode> leader = live("indexer").stream().filter(ClusterNode::reportsLeader).findFirst();
            if (leader.isPresent()) return leader.get();
            Thread.sleep(50);
        }
        throw new AssertionError("no indexer node reported \"leader\": true within " + timeout + "\n" + logs());
    }

    /** SEP-10 on a node, as a wallet does it: fetch the challenge, sign it, trade it for a JWT. */
    String login(ClusterNode node, KeyPair wallet) throws IOException {
        JsonNode challenge = JSON.readTree(expect200(BridgeHarness.send(HttpRequest.newBuilder(
                node.uri("/auth?account=" + wallet.getAccountId())))));
        Transaction tx = (Transaction) Transaction.fromEnvelopeXdr(challenge.path("transaction").asText(),
                new Network(chain.networkPassphrase()));
        tx.sign(wallet);
        String body = JSON.createObjectNode().put("transaction", tx.toEnvelopeXdrBase64()).toString();
        return JSON.readTree(expect200(BridgeHarness.send(HttpRequest.newBuilder(node.uri("/auth"))
                .POST(HttpRequest.BodyPublishers.ofString(body)), "Content-Type", "application/json")))
                .path("token").asText();
    }

    /** A stream ticket from {@code POST /events/ticket} on a node. */
    String ticket(ClusterNode node, String token) throws IOException {
        return JSON.readTree(expect200(BridgeHarness.send(HttpRequest.newBuilder(node.uri("/events/ticket"))
                .POST(HttpRequest.BodyPublishers.noBody()), "Authorization", "Bearer " + token)))
                .path("ticket").asText();
    }

    /**
     * What a client must have received over a window: every event of a successful contract call on
     * the chain with an id after {@code afterId} (null: from the start) up to {@code upToId}, in chain order.
     */
    List<String> expectedIds(String afterId, String upToId) {
        return chain.eventsBetween(chain.oldestLedger(), chain.latestLedger()).stream()
                .filter(SimulatedEvent::inSuccessfulContractCall)
                .map(SimulatedEvent::id)
                .filter(id -> (afterId == null || id.compareTo(afterId) > 0) && id.compareTo(upToId) <= 0)
                .toList();
    }

    /** The id of the newest event of a successful call on the chain so far. */
    String newestChainId() {
        List<SimulatedEvent> events = chain.eventsBetween(chain.oldestLedger(), chain.latestLedger());
        return events.reversed().stream().filter(SimulatedEvent::inSuccessfulContractCall).findFirst()
                .map(SimulatedEvent::id).orElseThrow();
    }

    /**
     * {@code pg_terminate_backend} on every session of this cluster's nodes (the indexer's writer
     * holding the leader lock, the LISTEN sessions and the pooled ones), as a database restart or a
     * network cut would end them.
     *
     * @return how many sessions were terminated
     */
    int terminateSessions() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                     + " FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The sessions this cluster's nodes hold now. */
    int sessions() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Waits for a condition, failing with the nodes' recent output. */
    void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get() + "\n" + logs());
            }
            Thread.sleep(50);
        }
    }

    /** The last lines of every node's output. */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (ClusterNode node : nodes) {
            out.append("---- ").append(node).append(node.killed() ? " [killed]" : "").append('\n')
                    .append(node.tail(25)).append('\n');
        }
        return out.toString();
    }

    private void closeLedgers() {
        while (closingLedgers) {
            try {
                Thread.sleep(LEDGER_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            chain.closeLedger();
        }
    }

    /** Stops every node (SIGTERM, then SIGKILL), the chain, and drops the schema. */
    @Override
    public void close() throws Exception {
        closingLedgers = false;
        ledgers.interrupt();
        try {
            // In parallel: each node drains its streams for up to server.shutdown-drain.
            List<Thread> stopping = nodes.stream().map(node -> Thread.ofVirtual().start(() -> {
                try {
                    node.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).toList();
            for (Thread t : stopping) t.join();
        } finally {
            Runtime.getRuntime().removeShutdownHook(orphanGuard);
            chain.close();
            admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private void killAll() {
        for (ClusterNode node : nodes) {
            try {
                node.kill();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String expect200(HttpResponse<String> res) {
        if (res.statusCode() != 200) {
            throw new AssertionError(res.request().uri() + " answered " + res.statusCode() + ": " + res.body());
        }
        return res.body();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
