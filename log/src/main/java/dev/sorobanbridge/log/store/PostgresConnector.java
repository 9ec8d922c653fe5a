package dev.sorobanbridge.log.store;

import dev.sorobanbridge.config.Secret;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Opens the PostgreSQL connections that must not come from the pool: the writer's (it holds the
 * leader lock for as long as it lives) and the LISTEN connection (it receives notifications for as
 * long as it lives). Also configures the pool the same way.
 */
final class PostgresConnector {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

    private final String url;
    private final Properties properties = new Properties();

    PostgresConnector(String url, Secret password, Duration connectTimeout) {
        this.url = url;
        if (password.isPresent()) properties.setProperty("password", password.value());
        String seconds = Long.toString(Math.max(1, connectTimeout.toSeconds()));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        // A silently dropped TCP connection is noticed, so a dead leader's lock is freed.
        properties.setProperty("tcpKeepAlive", "true");
        // executeBatch sends multi-row INSERTs: several times the append throughput.
        properties.setProperty("reWriteBatchedInserts", "true");
    }

    String url() {
        return url;
    }

    /** Driver properties (the password among them) for the pool. */
    Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    Connection connect(String applicationName) throws SQLException {
        Properties p = properties();
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url, p);
    }

    /** The URL for log lines and messages, with any password in it replaced. */
    String redactedUrl() {
        return redact(url);
    }

    static String redact(String jdbcUrl) {
        String noUserInfo = USER_INFO.matcher(jdbcUrl).replaceFirst("//[redacted]@");
        return PASSWORD_PARAM.matcher(noUserInfo).replaceAll("$1[redacted]");
    }
}
