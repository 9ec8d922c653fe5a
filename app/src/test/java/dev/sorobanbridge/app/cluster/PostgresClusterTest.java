package dev.sorobanbridge.app.cluster;

import dev.sorobanbridge.abi.EventId;
import dev.sorobanbridge.app.cluster.CommitWatcher.Commit;
import dev.sorobanbridge.app.cluster.ResumingClient.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stellar.sdk.KeyPair;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out on the real PostgreSQL with real processes: two {@code --role indexer} JVMs (one leads,
 * one stands by) and two {@code --role bridge} JVMs share one schema; wallets stream from both
 * bridges while the leader is SIGKILLed, while a wallet moves between bridges, and while PostgreSQL
 * terminates every session of the cluster. Each time, what every wallet received over its window
 * is exactly the chain's successful events: nothing lost, nothing twice, in order.
 *
 * <p>The cluster is started once for the class (four JVM start-ups are the expensive part); each
 * test leaves two indexers and two bridges running. Measured times are printed, never asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 100, unit = TimeUnit.SECONDS)
class PostgresClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private PostgresCluster cluster;
    private CommitWatcher commits;
    private ClusterNode bridgeA;
    private ClusterNode bridgeB;
    private final List<ResumingClient> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        long startedAt = System.nanoTime();
        cluster = PostgresCluster.create(dir);
        commits = new CommitWatcher(PostgresCluster.SERVER, cluster.schema);
        List<ClusterNode> nodes = cluster.start("indexer", "indexer", "bridge", "bridge");
        bridgeA = nodes.get(2);
        bridgeB = nodes.get(3);
        cluster.awaitLeader(WAIT);
        report("4 nodes started and a leader elected in %d ms", millis(System.nanoTime() - startedAt));
    }

    @AfterEach
    void closeClientsAndRestoreTwoIndexers() throws Exception {
        for (ResumingClient client : clients) client.close();
        clients.clear();
        int missing = 2 - cluster.live("indexer").size();
        for (int i = 0; i < missing; i++) cluster.start("indexer");
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (commits != null) commits.close();
        } finally {
            if (cluster != null) cluster.close();
        }
    }

    @Test
    void aStandbyIndexerTakesOverWhenTheLeaderIsKilledAndNoClientMissesAnEvent() throws Exception {
        ClusterNode leader = cluster.awaitLeader(WAIT);
        ClusterNode standby = cluster.live("indexer").stream().filter(n -> n != leader).findFirst().orElseThrow();
        assertRole(leader, "indexer", true);
        assertRole(standby, "indexer", false);
        assertRole(bridgeA, "bridge", null);
        assertEquals(1.0, leader.leaderGauge().orElseThrow(), "indexer_leader on the leader");
        assertEquals(0.0, standby.leaderGauge().orElseThrow(), "indexer_leader on the standby");
        assertEquals(0.0, bridgeA.leaderGauge().orElseThrow(), "indexer_leader on a bridge node");

        String token = cluster.login(bridgeA, KeyPair.random());
        List<ResumingClient> streams = List.of(bearer("a1", bridgeA, token), bearer("b1", bridgeB, token),
                bearer("a2", bridgeA, token), bearer("b2", bridgeB, token));
        awaitLive(streams, 5);

        leader.kill();
        long killedAt = System.nanoTime();
        cluster.await(WAIT, standby::reportsLeader, () -> standby + " to report \"leader\": true");
        long leaderAfter = System.nanoTime() - killedAt;
        cluster.await(WAIT, () -> commits.firstAfter(killedAt).isPresent(), () -> "an append by the new leader");
        long appendAfter = commits.firstAfter(killedAt).orElseThrow().heardAtNanos() - killedAt;
        assertEquals(1.0, standby.leaderGauge().orElseThrow(), "indexer_leader on the new leader");

        ClusterNode replacement = cluster.start("indexer").getFirst();
        cluster.await(WAIT, () -> replacement.ready().map(r -> r.status() == 200).orElse(false),
                () -> replacement + " to be ready");
        assertRole(replacement, "indexer", false);

        assertEveryClientReceivedExactlyTheChain(streams);
        report("failover: SIGKILL of %s -> %s reports leader after %d ms; first append by the new leader heard after %d ms",
                leader.name, standby.name, millis(leaderAfter), millis(appendAfter));
    }

    @Test
    void aWalletMovedToTheOtherBridgeResumesWithLastEventIdAndMissesNothing() throws Exception {
        String token = cluster.login(bridgeA, KeyPair.random());
        // A browser's EventSource: a ticket from node A, reconnecting (same URL, Last-Event-ID) to node B.
        String ticket = cluster.ticket(bridgeA, token);
        ResumingClient browser = track(new ResumingClient("ticket", bridgeA.uri("/events?ticket=" + ticket), Map.of()));
        ResumingClient app = bearer("bearer", bridgeB, token);
        awaitLive(List.of(browser, app), 3);

        long movedAt = System.nanoTime();
        Duration away = PostgresCluster.LEDGER_INTERVAL.multipliedBy(2).plusMillis(500);
        browser.moveTo(bridgeB.uri("/events?ticket=" + ticket), away);
        app.moveTo(bridgeA.uri("/events"), away);
        cluster.await(WAIT, () -> browser.connections() == 2 && app.connections() == 2, () -> "both wallets to reconnect");
        // Margins on both sides: an event stored just as the move began may still have reached the old connection.
        long awayFrom = movedAt + Duration.ofMillis(200).toNanos();
        List<Commit> whileAway = commits.commits().stream()
                .filter(c -> c.heardAtNanos() > awayFrom && c.heardAtNanos() < movedAt + away.toNanos()).toList();
        assertFalse(whileAway.isEmpty(), "events were stored while the wallets were away");

        assertEveryClientReceivedExactlyTheChain(List.of(browser, app));
        for (ResumingClient client : List.of(browser, app)) {
            assertTrue(client.received().stream().anyMatch(r -> r.connection() == 2 && r.id().equals(whileAway.getFirst().newestId())),
                    client + ": what was stored while away came on the second connection, from the other node");
        }
    }

    @Test
    void terminatedPostgresSessionsRecoverByThemselvesWithNothingLost() throws Exception {
        String token = cluster.login(bridgeB, KeyPair.random());
        List<ResumingClient> streams = List.of(bearer("a", bridgeA, token), bearer("b", bridgeB, token));
        awaitLive(streams, 3);
        int sessions = cluster.sessions();

        int terminated = cluster.terminateSessions();
        long cutAt = System.nanoTime();
        assertTrue(terminated >= 4, "every node had sessions to cut; cut " + terminated + " of " + sessions);
        cluster.await(WAIT, () -> commits.firstAfter(cutAt).isPresent(), () -> "an append after the cut");
        long appendAfter = commits.firstAfter(cutAt).orElseThrow().heardAtNanos() - cutAt;

        // A second cut while the nodes are still reconnecting.
        int terminatedAgain = cluster.terminateSessions();
        long secondCutAt = System.nanoTime();
        cluster.await(WAIT, () -> commits.firstAfter(secondCutAt).isPresent(), () -> "an append after the second cut");

        cluster.awaitLeader(WAIT);
        for (ClusterNode node : List.of(bridgeA, bridgeB, cluster.live("indexer").get(0), cluster.live("indexer").get(1))) {
            cluster.await(WAIT, () -> node.ready().map(r -> r.status() == 200).orElse(false), () -> node + " to be ready again");
        }
        cluster.await(WAIT, () -> cluster.live("indexer").stream().filter(ClusterNode::reportsLeader).count() == 1,
                () -> "exactly one indexer to report \"leader\": true");

        assertEveryClientReceivedExactlyTheChain(streams);
        report("pg_terminate_backend: cut %d sessions, then %d more; first append after the cut heard after %d ms;"
                        + " reconnects per client %s", terminated, terminatedAgain, millis(appendAfter),
                streams.stream().map(c -> c + "=" + (c.connections() - 1)).collect(Collectors.joining(", ")));
    }

    @Test
    void notifyToClientLagAcrossNodes() throws Exception {
        String token = cluster.login(bridgeA, KeyPair.random());
        List<ResumingClient> streams = List.of(bearer("a1", bridgeA, token), bearer("a2", bridgeA, token),
                bearer("b1", bridgeB, token), bearer("b2", bridgeB, token));
        awaitLive(streams, 1);
        long from = System.nanoTime();
        long ledger = cluster.chain.latestLedger();
        cluster.await(WAIT, () -> cluster.chain.latestLedger() >= ledger + 12, () -> "12 more ledgers");
        long to = System.nanoTime();
        assertEveryClientReceivedExactlyTheChain(streams);

        // Each append's NOTIFY names its newest event: from hearing it to each client receiving that event.
        List<Long> notifyToClient = new ArrayList<>();
        List<Long> closeToClient = new ArrayList<>();
        for (ResumingClient client : streams) {
            Map<String, Received> byId = new HashMap<>();
            client.received().forEach(r -> byId.put(r.id(), r));
            for (Commit c : commits.commits()) {
                Received r = byId.get(c.newestId());
                if (c.heardAtNanos() >= from && c.heardAtNanos() <= to && r != null) notifyToClient.add(r.atNanos() - c.heardAtNanos());
            }
            for (Received r : client.received()) {
                cluster.chain.closeTimeOf(EventId.parse(r.id()).ledger()).ifPresent(closed ->
                        closeToClient.add(Duration.between(closed, r.at()).toNanos()));
            }
        }
        assertTrue(notifyToClient.size() >= 6 * streams.size(), "appends measured: " + notifyToClient.size());
        report("lag notify -> client over %d deliveries (4 clients on 2 bridge nodes): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                notifyToClient.size(), ms(percentile(notifyToClient, 50)), ms(percentile(notifyToClient, 99)),
                ms(percentile(notifyToClient, 100)));
        report("lag ledger close -> client over %d events (includes the poll after the close): p50 %.1f ms, p99 %.1f ms",
                closeToClient.size(), ms(percentile(closeToClient, 50)), ms(percentile(closeToClient, 99)));
    }

    /**
     * Lets the chain move on a little, then checks each client: from the log's head when it first
     * connected to the newest chain event, it received exactly the chain's successful events.
     */
    private void assertEveryClientReceivedExactlyTheChain(List<ResumingClient> streams) throws InterruptedException {
        long ledger = cluster.chain.latestLedger();
        cluster.await(WAIT, () -> cluster.chain.latestLedger() >= ledger + 2, () -> "two more ledgers");
        String target = cluster.newestChainId();
        for (ResumingClient client : streams) {
            cluster.await(WAIT, client.reached(target), () -> client + " to receive " + target + "; it has "
                    + client.received().size() + " events, problems " + client.problems());
        }
        for (ResumingClient client : streams) {
            List<String> received = client.receivedIds();
            assertEquals(List.of(), client.problems(), client + ": no reset, no refused reconnect");
            assertEquals(received.size(), new HashSet<>(received).size(), client + ": no duplicate");
            assertEquals(cluster.expectedIds(client.windowStart(), received.getLast()), received,
                    client + ": exactly the chain's successful events after " + client.windowStart() + ", in order");
        }
    }

    private ResumingClient bearer(String name, ClusterNode node, String token) {
        return track(new ResumingClient(name, node.uri("/events"), Map.of("Authorization", "Bearer " + token)));
    }

    private ResumingClient track(ResumingClient client) {
        clients.add(client);
        return client;
    }

    private void awaitLive(List<ResumingClient> streams, int events) throws InterruptedException {
        for (ResumingClient client : streams) {
            cluster.await(WAIT, () -> client.received().size() >= events,
                    () -> client + " to receive " + events + " live events; problems " + client.problems());
        }
    }

    private void assertRole(ClusterNode node, String role, Boolean leader) {
        ClusterNode.Ready ready = node.ready().orElseThrow(() -> new AssertionError(node + " does not answer"));
        assertEquals(200, ready.status(), node + ": " + ready.body());
        assertEquals(role, ready.body().path("role").asText(), node + ": " + ready.body());
        if (leader == null) assertTrue(ready.body().path("leader").isMissingNode(), node + ": " + ready.body());
        else assertEquals(leader, ready.body().path("leader").asBoolean(), node + ": " + ready.body());
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void report(String format, Object... args) {
        System.out.println("[cluster] " + String.format(format, args));
    }
}
