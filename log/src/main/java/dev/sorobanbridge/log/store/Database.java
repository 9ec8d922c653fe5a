package dev.sorobanbridge.log.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.AppConfig.StorageKind;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.LogUnavailableException;
import dev.sorobanbridge.log.Retention;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's database: a connection pool, the schema brought up to date at start-up (the event log's
 * tables and the bridge's auth tables, see {@code Migrations}), and the event log on top. The bridge
 * uses its auth tables through {@link #dataSource()}, with SQL that both SQLite and PostgreSQL accept.
 *
 * <pre>{@code
 * try (Database db = Database.open(config.storage())) {
 *     EventLog log = db.eventLog();
 *     ...
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    /** How often PostgreSQL readers check the log's head when no notification arrived. */
    static final Duration FALLBACK_POLL = Duration.ofSeconds(2);

    private final StorageKind kind;
    private final HikariDataSource pool;
    private final JdbcEventLog eventLog;
    private final Retention retention;

    private Database(StorageKind kind, HikariDataSource pool, JdbcEventLog eventLog, Retention retention) {
        this.kind = kind;
        this.pool = pool;
        this.eventLog = eventLog;
        this.retention = retention;
    }

    /**
     * Connects, migrates the schema and starts the log's background work (PostgreSQL: LISTEN).
     *
     * @throws LogUnavailableException when the database cannot be reached or opened
     * @throws IllegalStateException   when the database was written by a newer build
     */
    public static Database open(AppConfig.Storage cfg) {
        return open(cfg, FALLBACK_POLL);
    }

    static Database open(AppConfig.Storage cfg, Duration fallbackPoll) {
        return switch (cfg.kind()) {
            case SQLITE -> openSqlite(cfg);
            case POSTGRES -> openPostgres(cfg, fallbackPoll);
        };
    }

    private static Database openSqlite(AppConfig.Storage cfg) {
        Path file = cfg.sqlitePath().toAbsolutePath().normalize();
        String where = "SQLite at " + file;
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new LogUnavailableException("cannot create the directory of the event log " + file + ": " + e, e);
        }
        HikariConfig hc = poolConfig(cfg, "event-log-sqlite");
        // WAL: readers never block the writer. NORMAL sync is durable in WAL mode except for the
        // last commits on power loss, which the indexer re-reads from the RPC (appends are idempotent).
        // IMMEDIATE: a write transaction takes the file's write lock when it begins, so two writers
        // queue on busy_timeout instead of one failing when it upgrades from reading.
        // cache_size: the readers' page cache; writes enlarge it while they run (SqliteEventLog says why).
        hc.setJdbcUrl("jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout="
                + Math.max(5000, cfg.connectionTimeout().toMillis()) + "&transaction_mode=IMMEDIATE&cache_size=-"
                + SqliteEventLog.READ_CACHE_KIB);
        HikariDataSource pool = startPool(hc, where);
        return finish(StorageKind.SQLITE, cfg, pool, where, () -> new SqliteEventLog(pool, new EventTables(), where));
    }

    private static Database openPostgres(AppConfig.Storage cfg, Duration fallbackPoll) {
        PostgresConnector connector = new PostgresConnector(cfg.postgresUrl(), cfg.postgresPassword(), cfg.connectionTimeout());
        String where = "PostgreSQL at " + connector.redactedUrl();
        HikariConfig hc = poolConfig(cfg, "event-log-postgres");
        hc.setJdbcUrl(connector.url());
        hc.setDataSourceProperties(connector.properties());
        hc.addDataSourceProperty("ApplicationName", "soroban-bridge");
        HikariDataSource pool = startPool(hc, where);
        return finish(StorageKind.POSTGRES, cfg, pool, where,
                () -> new PostgresEventLog(pool, new EventTables(), connector, fallbackPoll));
    }

    private static HikariConfig poolConfig(AppConfig.Storage cfg, String name) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setMaximumPoolSize(cfg.poolSize());
        hc.setMinimumIdle(Math.min(2, cfg.poolSize()));
        hc.setConnectionTimeout(Math.max(250, cfg.connectionTimeout().toMillis()));
        hc.setValidationTimeout(Math.max(250, Math.min(5000, cfg.connectionTimeout().toMillis())));
        return hc;
    }

    private static HikariDataSource startPool(HikariConfig hc, String where) {
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            // Hikari wraps the driver's error; its message names host and port, never the password.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new LogUnavailableException("cannot open the event log (" + where + "): " + cause.getMessage(), e);
        }
    }

    private interface LogFactory {
        JdbcEventLog create();
    }

    private static Database finish(StorageKind kind, AppConfig.Storage cfg, HikariDataSource pool, String where,
                                   LogFactory logFactory) {
        try {
            int before;
            try (Connection c = pool.getConnection()) {
                before = Migrations.migrate(c, kind);
            }
            JdbcEventLog log = logFactory.create();
            LOG.log(System.Logger.Level.INFO, "event log opened: {0}, schema version {1} (was {2}), pool size {3}",
                    where, Integer.toString(Migrations.LATEST), Integer.toString(before), Integer.toString(cfg.poolSize()));
            return new Database(kind, pool, log, new Retention(cfg.retentionMaxAge(), cfg.retentionMaxEvents()));
        } catch (SQLException e) {
            pool.close();
            throw new LogUnavailableException("cannot open the event log (" + where + "): " + JdbcEventLog.describe(e), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public EventLog eventLog() {
        return eventLog;
    }

    /** The pooled connections, for the bridge's auth tables (portable SQL only). */
    public DataSource dataSource() {
        return pool;
    }

    public StorageKind kind() {
        return kind;
    }

    /** The configured retention ({@code storage.retention-*}), to pass to {@link EventLog#prune}. */
    public Retention retention() {
        return retention;
    }

    /**
     * How the database executes {@link EventLog#read} for this query ({@code EXPLAIN QUERY PLAN} on
     * SQLite, {@code EXPLAIN} on PostgreSQL), one line per plan step: for operators and benchmarks
     * checking that a filter is answered from an index.
     */
    public List<String> queryPlan(EventQuery query) {
        return queryPlan(query, null);
    }

    /**
     * The plan of {@link EventLog#readPage}'s read for this query, bounded by {@code head} (the log's
     * newest id at read time; null: the plan of {@link EventLog#read}).
     */
    public List<String> queryPlan(EventQuery query, String head) {
        EventTables.Select select = EventTables.select(query, query.afterId(), query.beforeId(), head, query.limit());
        String explain = kind == StorageKind.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        try (Connection c = pool.getConnection();
             PreparedStatement ps = select.prepare(c, explain);
             ResultSet rs = ps.executeQuery()) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) lines.add(kind == StorageKind.SQLITE ? rs.getString("detail") : rs.getString(1));
            return lines;
        } catch (SQLException e) {
            throw new LogUnavailableException("cannot explain the event log query: " + e.getMessage(), e);
        }
    }

    /** Stops the log's background work and closes every pooled connection. Writers should be closed first. */
    @Override
    public void close() {
        try {
            eventLog.close();
        } finally {
            pool.close();
        }
    }
}
