package dev.sorobanbridge.log.store;

/**
 * The names the PostgreSQL log shares with every node and with operators: its advisory-lock keys and
 * its NOTIFY channel. Both locks take {@code hashtext(current_schema())} as their second key, so
 * deployments in different schemas of one database never block each other (docs/design.md#leader-lock).
 */
public final class PostgresKeys {
    /** First key of the leader lock, {@code pg_try_advisory_lock(LEADER_LOCK, hashtext(current_schema()))}. */
    public static final int LEADER_LOCK = 0x536f7201;

    /** First key of the transaction lock that keeps two starting nodes from migrating at once. */
    public static final int MIGRATION_LOCK = 0x536f7200;

    /**
     * The channel every append notifies when it commits; the payload is {@code "<schema> <newest id>"},
     * so schemas sharing a database don't wake each other.
     */
    public static final String APPEND_CHANNEL = "soroban_event_log";

    /**
     * The backend process holding a schema's leader lock (the writer's session), for operators and
     * tests: parameter 1 is {@link #LEADER_LOCK}, parameter 2 the schema name. No row when nobody leads.
     */
    public static final String LEADER_BACKEND_QUERY = """
            SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
            AND classid = ?::oid AND objid = (hashtext(?)::bigint & 4294967295)::oid""";

    private PostgresKeys() {}
}
