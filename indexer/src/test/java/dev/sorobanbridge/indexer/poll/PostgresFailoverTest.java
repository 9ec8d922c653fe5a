package dev.sorobanbridge.indexer.poll;


import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.Secret;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.store.Database;
import dev.sorobanbridge.log.store.PostgresKeys;
import dev.sorobanbridge.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import static dev.sorobanbridge.indexer.poll.IndexerHarness.await;
import static dev.sorobanbridge.indexer.poll.IndexerHarness.awaitCursorLedger;
import static dev.sorobanbridge.indexer.poll.IndexerHarness.storedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two indexer nodes sharing one PostgreSQL log (a fresh schema on the real server): only the
 * holder of the leader lock polls, a standby takes over within 5 s, and a leader whose database
 * connection is cut drops its writer and starts over without losing or duplicating anything.
 * Each node has its own RPC stub (serving the same chain), so the test sees who polls.
 */
class PostgresFailoverTest {
    private static final String SERVER = TestPostgres.url();
    private static final Instant BASE = Instant.parse("2026-11-22T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private String schema;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void createSchema() throws SQLException {
        schema = "indexer_failover_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        admin("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        admin("DROP SCHEMA " + schema + " CASCADE");
    }

    private <T extends AutoCloseable> T use(T resource) {
        resources.add(resource);
        return resource;
    }

    private EventLog node() {
        AppConfig.Storage storage = new AppConfig.Storage(AppConfig.StorageKind.POSTGRES, null,
                SERVER + "&currentSchema=" + schema, new Secret(""), 4, Duration.ofSeconds(2), null, 0);
        return use(Database.open(storage)).eventLog();
    }

    private Indexer start(SimulatedRpc rpc, EventLog log) {
        Indexer indexer = use(IndexerHarness.indexer(IndexerHarness.settings(OptionalLong.of(100), 100), log, rpc.url(),
                new SimpleMeterRegistry()));
        indexer.start();
        return indexer;
    }

    private static void addLedger(long ledger, SimulatedRpc... rpcs) {
        for (SimulatedRpc rpc : rpcs) {
            ObjectNode event = AsteraEvents.invoiceCreated(ledger, 1, ledger, 100, BASE.plusSeconds(5 * ledger));
            rpc.add(event);
            rpc.advanceTo(ledger);
        }
    }

    @Test
    void onlyTheLeaderPollsAStandbyTakesOverAndACutLeaderStartsOver() throws Exception {
        SimulatedRpc rpcA = use(new SimulatedRpc(100, 200, Duration.ofSeconds(1)));
        SimulatedRpc rpcB = use(new SimulatedRpc(100, 200, Duration.ofSeconds(1)));
        addLedger(150, rpcA, rpcB);
        rpcA.advanceTo(200);
        rpcB.advanceTo(200);
        EventLog logA = node();
        EventLog logB = node();

        Indexer a = start(rpcA, logA);
        awaitCursorLedger(logA, 200, WAIT);
        Indexer b = start(rpcB, logB);
        addLedger(201, rpcA, rpcB);
        awaitCursorLedger(logB, 201, WAIT);
        Thread.sleep(1_500); // more than one standby retry
        assertTrue(a.status().leader());
        assertFalse(b.status().leader());
        assertEquals(List.of(), rpcB.calls("getEvents"), "the standby never polls");

        long stopped = System.nanoTime();
        a.close();
        await(Duration.ofSeconds(5), () -> b.status().leader(), () -> "the standby to take over");
        assertTrue(System.nanoTime() - stopped < Duration.ofSeconds(5).toNanos());
        int polledByA = rpcA.calls("getEvents").size();
        addLedger(202, rpcA, rpcB);
        awaitCursorLedger(logB, 202, WAIT);

        terminateLeaderBackend();
        addLedger(203, rpcA, rpcB);
        awaitCursorLedger(logA, 203, WAIT);
        await(WAIT, () -> b.status().leader(), () -> "the cut leader to lead again");

        assertEquals(polledByA, rpcA.calls("getEvents").size(), "a stopped node polls no more");
        assertEquals(rpcB.deliverableIds(100, 203), storedIds(logA), "every event once, in order");
    }

    /** Cuts the database session holding this schema's leader lock, as a network failure would. */
    private void terminateLeaderBackend() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER);
             PreparedStatement find = c.prepareStatement(PostgresKeys.LEADER_BACKEND_QUERY);
             PreparedStatement kill = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            find.setInt(1, PostgresKeys.LEADER_LOCK);
            find.setString(2, schema);
            int pid;
            try (ResultSet rs = find.executeQuery()) {
                assertTrue(rs.next(), "someone holds the leader lock");
                pid = rs.getInt(1);
            }
            kill.setInt(1, pid);
            kill.execute();
            await(WAIT, () -> {
                try (ResultSet rs = find.executeQuery()) {
                    return !rs.next() || rs.getInt(1) != pid;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, () -> "backend " + pid + " to release the lock");
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
