package dev.sorobanbridge.log.store;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.ActivityEventJson;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.Gap;
import dev.sorobanbridge.log.StoredEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the event log, the same text for SQLite and PostgreSQL (both accept
 * {@code ON CONFLICT}). Methods run on the caller's connection and inside the caller's
 * transaction; callers decide where transactions begin and end.
 */
final class EventTables {
    private static final System.Logger LOG = System.getLogger(EventTables.class.getName());

    /** Prune deletes at most this many events per transaction, so the writer is never blocked long. */
    static final int PRUNE_CHUNK = 10_000;

    private final ActivityEventJson json = new ActivityEventJson();

    // ---- writes

    /**
     * Checks, before any SQL runs, that every event has what the tables need, so a malformed event
     * is a clear error for its caller and not a constraint failure half-way through a page.
     */
    static void requireStorable(List<StoredEvent> events) {
        for (StoredEvent stored : events) {
            if (stored == null || stored.event() == null) throw new IllegalArgumentException("cannot append a null event");
            ActivityEvent e = stored.event();
            String missing = e.id() == null || e.id().isBlank() ? "id"
                    : e.type() == null ? "type"
                    : e.contract() == null ? "contract"
                    : e.ledgerClosedAt() == null ? "ledgerClosedAt"
                    : stored.json() == null || !e.id().equals(stored.id()) ? "JSON text of its own"
                    : null;
            if (missing != null) {
                throw new IllegalArgumentException("cannot append event " + e.id() + ": it has no " + missing);
            }
        }
    }

    /** The events with their JSON, as {@link #insertEvents} stores them. */
    List<StoredEvent> encode(List<ActivityEvent> events) {
        List<StoredEvent> stored = new ArrayList<>(events.size());
        for (ActivityEvent e : events) {
            if (e == null) throw new IllegalArgumentException("cannot append a null event");
            // an event without an id gets no text: requireStorable refuses it, naming the missing id
            stored.add(new StoredEvent(e, e.id() == null ? "" : json.write(e)));
        }
        return stored;
    }

    /**
     * Inserts the events not stored yet, with their wallets; already stored ids are left as they are.
     * Their JSON was written beforehand ({@link #encode}, or by the caller of
     * {@link dev.sorobanbridge.log.LogWriter#appendStored}), outside the transaction.
     */
    void insertEvents(Connection c, List<StoredEvent> events) throws SQLException {
        if (events.isEmpty()) return;
        try (PreparedStatement ev = c.prepareStatement("""
                INSERT INTO events (id, ledger, ledger_closed_at, contract, type, invoice_id, json)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""");
             PreparedStatement wa = c.prepareStatement(
                     "INSERT INTO event_wallets (wallet, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            boolean anyWallet = false;
            for (StoredEvent stored : events) {
                ActivityEvent e = stored.event();
                ev.setString(1, e.id());
                ev.setLong(2, e.ledger());
                ev.setLong(3, e.ledgerClosedAt().toEpochMilli());
                ev.setString(4, e.contract());
                ev.setString(5, e.type());
                if (e.invoiceId() == null) ev.setNull(6, Types.VARCHAR);
                else ev.setString(6, e.invoiceId());
                ev.setString(7, stored.json());
                ev.addBatch();
                for (String wallet : e.wallets()) {
                    wa.setString(1, wallet);
                    wa.setString(2, e.id());
                    wa.addBatch();
                    anyWallet = true;
                }
            }
            ev.executeBatch();
            if (anyWallet) wa.executeBatch();
        }
    }

    void saveCursor(Connection c, Cursor cursor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO cursor (id, rpc_cursor, ledger) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET rpc_cursor = excluded.rpc_cursor, ledger = excluded.ledger""")) {
            if (cursor.rpcCursor() == null) ps.setNull(1, Types.VARCHAR);
            else ps.setString(1, cursor.rpcCursor());
            ps.setLong(2, cursor.ledger());
            ps.executeUpdate();
        }
    }

    void insertGap(Connection c, Gap gap) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO gaps (from_ledger, to_ledger, last_id_before, recorded_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, gap.fromLedger());
            ps.setLong(2, gap.toLedger());
            if (gap.lastIdBefore() == null) ps.setNull(3, Types.VARCHAR);
            else ps.setString(3, gap.lastIdBefore());
            ps.setLong(4, gap.recordedAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    // ---- reads

    /**
     * One page of matching events, in the query's order, as stored text: nothing is parsed unless
     * {@code parsed} asks for it. A row that cannot be sent (not one line holding one JSON object:
     * written by hand, or by an incompatible build) is logged and skipped, and so is, when
     * {@code parsed}, a row that is not activity-event JSON; the page is filled from the rows after
     * it, so one bad row never blocks a replay nor makes a page look like the end of the log.
     *
     * @param upTo   the newest id the page may hold (inclusive), or null for no bound beyond the query's
     * @param parsed parse every event now (callers that want {@link ActivityEvent}s)
     */
    List<StoredEvent> read(Connection c, EventQuery q, String upTo, boolean parsed) throws SQLException {
        List<StoredEvent> page = new ArrayList<>();
        // The id bound the next statement moves: after the last row going forward, before it going back.
        String after = q.afterId();
        String before = q.beforeId();
        while (page.size() < q.limit()) {
            int wanted = q.limit() - page.size();
            int rows = 0;
            try (PreparedStatement ps = select(q, after, before, upTo, wanted).prepare(c, "");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    String id = rs.getString(1);
                    if (q.newestFirst()) before = id;
                    else after = id;
                    String text = rs.getString(2);
                    if (!isOneJsonObjectLine(text)) {
                        LOG.log(System.Logger.Level.WARNING, "skipping stored event {0}: its text is not one line"
                                + " holding one JSON object", id);
                        continue;
                    }
                    StoredEvent stored = new StoredEvent(id, text, json);
                    try {
                        if (parsed) stored.event();
                        page.add(stored);
                    } catch (IllegalArgumentException e) {
                        LOG.log(System.Logger.Level.WARNING, "skipping stored event {0}: {1}", id, e.getMessage());
                    }
                }
            }
            if (rows < wanted) break;
        }
        return page;
    }

    /**
     * What every row written by {@link ActivityEventJson} is, checked without parsing: the text goes
     * out as one SSE {@code data:} line, so a line break in it would end the frame early.
     */
    private static boolean isOneJsonObjectLine(String text) {
        return text != null && text.length() >= 2 && text.charAt(0) == '{' && text.charAt(text.length() - 1) == '}'
                && text.indexOf('\n') < 0 && text.indexOf('\r') < 0;
    }

    /** A filtered page read: its SQL and the string parameters, in order, before the final LIMIT. */
    record Select(String sql, List<String> params, int limit) {
        /** @param prefix put before the SQL, e.g. {@code "EXPLAIN "}; empty for the read itself */
        PreparedStatement prepare(Connection c, String prefix) throws SQLException {
            PreparedStatement ps = c.prepareStatement(prefix + sql);
            int i = 1;
            for (String p : params) ps.setString(i++, p);
            ps.setInt(i, limit);
            return ps;
        }
    }

    /*
     * Each filter is a condition that one index answers as a range scan in id order (forwards, or
     * backwards for newest first): events_by_invoice (invoice_id, id), events_by_contract (contract,
     * id), events_by_type (type, id), and for wallets the event_wallets primary key (wallet, event_id).
     * The id bounds (after, before, up to the head) narrow that same range.
     * One wallet (the usual "wallet=me") is a join that walks that key in order, so a page stops
     * after `limit` rows however many events the wallet has. Several wallets are an IN (subquery):
     * one event may involve two of them, and it must come back once.
     */
    static Select select(EventQuery q, String afterId, int limit) {
        return select(q, afterId, q.beforeId(), null, limit);
    }

    /**
     * @param afterId  only ids greater than this (null: no lower bound)
     * @param beforeId only ids less than this (null: no upper bound)
     * @param upTo     only ids up to and including this (null: no bound): the head a page was read at
     */
    static Select select(EventQuery q, String afterId, String beforeId, String upTo, int limit) {
        boolean oneWallet = q.wallets().size() == 1;
        String idColumn = oneWallet ? "w.event_id" : "e.id";
        List<String> where = new ArrayList<>();
        List<String> params = new ArrayList<>();
        if (oneWallet) {
            where.add("w.wallet = ?");
            params.add(q.wallets().iterator().next());
        }
        idBounds(idColumn, afterId, beforeId, upTo, where, params);
        if (!q.invoiceIds().isEmpty()) {
            where.add("e.invoice_id IN (" + marks(q.invoiceIds(), params) + ")");
        }
        if (!q.contracts().isEmpty()) {
            where.add("e.contract IN (" + marks(q.contracts(), params) + ")");
        }
        if (!q.types().isEmpty()) {
            List<String> exact = q.types().stream().filter(t -> !t.endsWith(".*")).toList();
            List<String> wildcardContracts = q.types().stream().filter(t -> t.endsWith(".*"))
                    .map(t -> t.substring(0, t.length() - 2)).toList();
            List<String> anyOf = new ArrayList<>();
            if (!exact.isEmpty()) anyOf.add("e.type IN (" + marks(exact, params) + ")");
            if (!wildcardContracts.isEmpty()) anyOf.add("e.contract IN (" + marks(wildcardContracts, params) + ")");
            where.add("(" + String.join(" OR ", anyOf) + ")");
        }
        if (q.wallets().size() > 1) {
            List<String> subWhere = new ArrayList<>();
            subWhere.add("w.wallet IN (" + marks(q.wallets(), params) + ")");
            idBounds("w.event_id", afterId, beforeId, upTo, subWhere, params);
            where.add("e.id IN (SELECT w.event_id FROM event_wallets w WHERE " + String.join(" AND ", subWhere) + ")");
        }
        String sql = "SELECT e.id, e.json FROM "
                + (oneWallet ? "event_wallets w JOIN events e ON e.id = w.event_id" : "events e")
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + idColumn + (q.newestFirst() ? " DESC" : "") + " LIMIT ?";
        return new Select(sql, params, limit);
    }

    private static void idBounds(String idColumn, String afterId, String beforeId, String upTo,
                                 List<String> where, List<String> params) {
        if (afterId != null) {
            where.add(idColumn + " > ?");
            params.add(afterId);
        }
        if (beforeId != null) {
            where.add(idColumn + " < ?");
            params.add(beforeId);
        }
        if (upTo != null) {
            where.add(idColumn + " <= ?");
            params.add(upTo);
        }
    }

    private static String marks(Collection<String> values, List<String> params) {
        List<String> sorted = values.stream().sorted().toList();
        params.addAll(sorted);
        return String.join(", ", Collections.nCopies(sorted.size(), "?"));
    }

    Optional<String> oldestId(Connection c) throws SQLException {
        return singleString(c, "SELECT id FROM events ORDER BY id LIMIT 1");
    }

    Optional<String> newestId(Connection c) throws SQLException {
        return singleString(c, "SELECT id FROM events ORDER BY id DESC LIMIT 1");
    }

    Optional<Cursor> cursor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rpc_cursor, ledger FROM cursor WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Cursor(rs.getString(1), rs.getLong(2))) : Optional.empty();
        }
    }

    /** Gaps a client resuming after {@code eventId} has missed: those recorded at or after that event. */
    List<Gap> gapsAfter(Connection c, String eventId) throws SQLException {
        String sql = "SELECT from_ledger, to_ledger, last_id_before, recorded_at FROM gaps"
                + (eventId == null ? "" : " WHERE last_id_before >= ?") + " ORDER BY id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (eventId != null) ps.setString(1, eventId);
            List<Gap> gaps = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    gaps.add(new Gap(rs.getLong(1), rs.getLong(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return gaps;
        }
    }

    // ---- retention

    /** The newest id the count limit prunes, or empty when the log holds no more than {@code maxEvents}. */
    Optional<String> newestPrunedByCount(Connection c, long maxEvents) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?")) {
            ps.setLong(1, maxEvents);
            return singleString(ps);
        }
    }

    /**
     * The newest id whose ledger closed before {@code cutoff}, or empty when no event is that old.
     * Ledger close times grow with event ids, so this walks the primary key from the oldest event
     * and stops at the first young one: it reads only the rows that will be pruned, and needs no
     * index on the close time.
     */
    Optional<String> newestPrunedByAge(Connection c, Instant cutoff) throws SQLException {
        Optional<String> firstKept;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM events WHERE ledger_closed_at >= ? ORDER BY id LIMIT 1")) {
            ps.setLong(1, cutoff.toEpochMilli());
            firstKept = singleString(ps);
        }
        if (firstKept.isEmpty()) return newestId(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM events WHERE id < ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, firstKept.get());
            return singleString(ps);
        }
    }

    /**
     * Deletes the oldest events up to and including {@code lastPruned}, at most {@link #PRUNE_CHUNK}
     * of them, with their wallet rows.
     *
     * @return the number of events deleted; less than a chunk means none are left to delete
     */
    int deleteOldestChunk(Connection c, String lastPruned) throws SQLException {
        String chunkEnd;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM events WHERE id <= ? ORDER BY id LIMIT 1 OFFSET ?")) {
            ps.setString(1, lastPruned);
            ps.setInt(2, PRUNE_CHUNK - 1);
            chunkEnd = singleString(ps).orElse(lastPruned);
        }
        try (PreparedStatement wallets = c.prepareStatement("DELETE FROM event_wallets WHERE event_id <= ?");
             PreparedStatement events = c.prepareStatement("DELETE FROM events WHERE id <= ?")) {
            wallets.setString(1, chunkEnd);
            wallets.executeUpdate();
            events.setString(1, chunkEnd);
            return events.executeUpdate();
        }
    }

    private static Optional<String> singleString(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return singleString(ps);
        }
    }

    private static Optional<String> singleString(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }
}
