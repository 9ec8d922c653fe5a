package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.testsupport.TestPostgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import static dev.sorobanbridge.bridge.auth.Tokens.bearer;
import static dev.sorobanbridge.bridge.auth.Wallet.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared-store case on a real PostgreSQL: nodes and restarts agree on tickets and logouts. */
class PostgresAuthTest {
    static final String SERVER = TestPostgres.url();

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private final TestAuthConfig config = new TestAuthConfig();
    private String schema;

    @BeforeEach
    void createSchema() throws SQLException {
        schema = "auth_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        admin("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        admin("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void nodesAndRestartsShareTicketFirstUseAndLogoutThroughPostgres() throws SQLException {
        Wallet wallet = new Wallet();
        String token;
        String used;
        String unused;
        try (AuthServer a = AuthServer.start(config.build(), node(), clock, dir);
             AuthServer b = AuthServer.start(config.build(), node(), clock, dir)) {
            token = wallet.login(a);
            used = Wallet.ticket(a, token);
            unused = Wallet.ticket(b, token);
            assertEquals(200, b.get("/events?ticket=" + used).statusCode(), "first use on the other node");
            clock.advance(Duration.ofSeconds(31));
            assertEquals(200, a.get("/events?ticket=" + used).statusCode(), "reconnect on the first node");
            assertError(a.get("/events?ticket=" + unused), 401, "ticket_expired");
        }
        assertTrue(tableExists("auth_tickets") && tableExists("auth_revocations") && tableExists("auth_used_challenges"), "the tables live in the node's schema");

        try (AuthServer restarted = AuthServer.start(config.build(), node(), clock, dir)) {
            assertEquals(200, restarted.get("/events?ticket=" + used).statusCode(), "a restart remembers the first use");
            assertError(restarted.get("/events?ticket=" + unused), 401, "ticket_expired");
            assertEquals(204, restarted.delete("/auth", "Authorization", bearer(token)).statusCode());
        }
        try (AuthServer again = AuthServer.start(config.build(), node(), clock, dir)) {
            assertError(again.get("/events?ticket=" + used), 401, "session_revoked");
            assertError(again.get("/events", "Authorization", bearer(token)), 401, "session_revoked");
            assertEquals(200, again.get("/events?ticket=" + Wallet.ticket(again, wallet.login(again))).statusCode());
        }
    }

    private DataSource node() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(SERVER + "&currentSchema=" + schema);
        return ds;
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("SELECT 1 FROM information_schema.tables WHERE table_schema = '"
                     + schema + "' AND table_name = '" + table + "'")) {
            return rows.next();
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
