package dev.sorobanbridge.log.store;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.ActivityEventJson;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.Gap;
import dev.sorobanbridge.log.LogPage;
import dev.sorobanbridge.log.LogUnavailableException;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.log.Retention;
import dev.sorobanbridge.log.StoredEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static dev.sorobanbridge.log.store.TestEvents.ALICE;
import static dev.sorobanbridge.log.store.TestEvents.BOB;
import static dev.sorobanbridge.log.store.TestEvents.CAROL;
import static dev.sorobanbridge.log.store.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every {@link EventLog} must do, run against each backend by a subclass that only says how
 * to reach its database. Backend-specific behaviour (leadership, notifications across nodes,
 * query plans) is tested in the subclasses.
 */
abstract class EventLogContract {

    /** The storage configuration of this test: the same database each time it is opened. */
    protected abstract AppConfig.Storage storage();

    /** Makes every later cursor write fail inside the database (a trigger), until {@link #acceptCursorWrites}. */
    protected abstract void rejectCursorWrites(Connection c) throws SQLException;

    protected abstract void acceptCursorWrites(Connection c) throws SQLException;

    private final List<Database> opened = new ArrayList<>();
    private final List<LogWriter> writers = new ArrayList<>();

    /** Opens (again) this test's database; everything opened is closed after the test. */
    protected Database open() {
        Database db = Database.open(storage());
        opened.add(db);
        return db;
    }

    protected LogWriter writer(Database db) {
        LogWriter w = db.eventLog().tryAcquireWriter().orElseThrow(() -> new AssertionError("no writer"));
        writers.add(w);
        return w;
    }

    @AfterEach
    void closeEverything() {
        writers.forEach(LogWriter::close);
        opened.forEach(Database::close);
    }

    // The dataset of the filter tests: three wallets, two invoices, both contracts.
    static final ActivityEvent E1 = event(100, 1, "invoice.created", "1", ALICE);
    static final ActivityEvent E2 = event(100, 2, "invoice.funded", "1", ALICE, BOB);
    static final ActivityEvent E3 = event(101, 1, "pool.deposited", null, BOB);
    static final ActivityEvent E4 = event(102, 1, "invoice.created", "2", CAROL);
    static final ActivityEvent E5 = event(102, 2, "invoice.paid", "1", ALICE);
    static final ActivityEvent E6 = event(103, 1, "pool.withdrawn", null, ALICE);
    static final ActivityEvent E7 = event(104, 1, "invoice.funded", "2", BOB, CAROL);
    static final ActivityEvent E8 = event(104, 2, "pool.unknown", null);
    static final List<ActivityEvent> ALL = List.of(E1, E2, E3, E4, E5, E6, E7, E8);

    /** One read of every filter kind, for the backends' query-plan checks: each must use an index. */
    static List<EventQuery> eachFilterKind() {
        return List.of(
                new EventQuery(E2.id(), Set.of(), Set.of(), Set.of(), Set.of(), 10),
                new EventQuery(E2.id(), Set.of("1"), Set.of(), Set.of(), Set.of(), 10),
                new EventQuery(null, Set.of("1", "2"), Set.of(), Set.of(), Set.of(), 10),
                new EventQuery(E2.id(), Set.of(), Set.of(ALICE), Set.of(), Set.of(), 10),
                new EventQuery(null, Set.of(), Set.of(ALICE, BOB), Set.of(), Set.of(), 10),
                new EventQuery(E2.id(), Set.of(), Set.of(), Set.of("pool"), Set.of(), 10),
                new EventQuery(E2.id(), Set.of(), Set.of(), Set.of(), Set.of("invoice.funded"), 10),
                new EventQuery(null, Set.of(), Set.of(), Set.of(), Set.of("invoice.funded", "pool.*"), 10));
    }

    /** The same read newest first, before {@code beforeId}: the plan of paging back through history. */
    static EventQuery newestFirst(EventQuery q, String beforeId) {
        return new EventQuery(q.afterId(), q.invoiceIds(), q.wallets(), q.contracts(), q.types(), q.limit(), beforeId,
                EventQuery.Order.DESCENDING);
    }

    static EventQuery query(Set<String> invoiceIds, Set<String> wallets, Set<String> contracts, Set<String> types) {
        return new EventQuery(null, invoiceIds, wallets, contracts, types, 100);
    }

    static List<String> ids(List<ActivityEvent> events) {
        return events.stream().map(ActivityEvent::id).toList();
    }

    static EventQuery everything() {
        return EventQuery.all(null, 10_000);
    }

    // ---- append and read

    @Test
    void readsBackWhatWasAppendedInIdOrder() {
        Database db = open();
        LogWriter w = writer(db);
        List<ActivityEvent> shuffled = new ArrayList<>(ALL.subList(0, 5));
        Collections.shuffle(shuffled, new Random(7));
        w.append(shuffled, new Cursor("c1", 102));
        w.append(ALL.subList(5, 8), new Cursor("c2", 104));

        assertEquals(ALL, db.eventLog().read(everything()));
        List<StoredEvent> stored = db.eventLog().readStored(everything());
        ActivityEventJson json = new ActivityEventJson();
        for (int i = 0; i < ALL.size(); i++) {
            assertEquals(ALL.get(i).id(), stored.get(i).id());
            assertEquals(ALL.get(i), stored.get(i).event());
            assertEquals(json.write(ALL.get(i)), stored.get(i).json(), "the stored text is the wire JSON");
        }
        assertEquals(new Cursor("c2", 104), db.eventLog().cursor().orElseThrow());
    }

    @Test
    void emptyLogHasNoEventsNoCursorNoHead() {
        EventLog log = open().eventLog();
        assertEquals(List.of(), log.read(everything()));
        assertTrue(log.oldestId().isEmpty());
        assertTrue(log.newestId().isEmpty());
        assertTrue(log.cursor().isEmpty());
        assertEquals(List.of(), log.gapsAfter(null));
    }

    @Test
    void reAppendingStoredEventsAddsNoDuplicates() {
        Database db = open();
        LogWriter w = writer(db);
        w.append(ALL.subList(0, 4), new Cursor("c1", 102));
        // A crash after commit makes the indexer fetch the same page again, plus what follows.
        w.append(ALL.subList(0, 4), new Cursor("c1", 102));
        w.append(ALL.subList(2, 8), new Cursor("c2", 104));
        w.append(List.of(E8, E8), new Cursor("c3", 105));

        assertEquals(ALL, db.eventLog().read(everything()));
        assertEquals(List.of(E2, E3, E7), db.eventLog().read(query(Set.of(), Set.of(BOB), Set.of(), Set.of())),
                "wallet rows are not duplicated either");
        assertEquals(new Cursor("c3", 105), db.eventLog().cursor().orElseThrow());
    }

    @Test
    void aFailingAppendStoresNeitherEventsNorCursor() throws SQLException {
        Database db = open();
        LogWriter w = writer(db);
        w.append(List.of(E1), new Cursor("c1", 100));
        try (Connection c = db.dataSource().getConnection()) {
            rejectCursorWrites(c);
        }

        LogUnavailableException e = assertThrows(LogUnavailableException.class,
                () -> w.append(List.of(E2, E3), new Cursor("c2", 101)));
        assertTrue(e.getMessage().contains("cursor rejected by test"), e.getMessage());

        assertEquals(List.of(E1), db.eventLog().read(everything()), "the page's events were rolled back with the cursor");
        assertEquals(new Cursor("c1", 100), db.eventLog().cursor().orElseThrow());
        assertTrue(w.isValid(), "a failed statement is not a lost connection");

        try (Connection c = db.dataSource().getConnection()) {
            acceptCursorWrites(c);
        }
        w.append(List.of(E2, E3), new Cursor("c2", 101));
        assertEquals(List.of(E1, E2, E3), db.eventLog().read(everything()));
    }

    @Test
    void appendStoredStoresTheCallersJsonAndMixesWithAppend() {
        Database db = open();
        LogWriter w = writer(db);
        ActivityEventJson json = new ActivityEventJson();
        List<StoredEvent> serialised = ALL.subList(0, 5).stream().map(e -> new StoredEvent(e, json.write(e))).toList();
        w.appendStored(serialised, new Cursor("c1", 102));
        // the same events again through append (a page fetched twice after a crash), and the rest
        w.append(ALL.subList(3, 8), new Cursor("c2", 104));

        assertEquals(ALL, db.eventLog().read(everything()));
        assertEquals(serialised, db.eventLog().readStored(everything()).subList(0, 5), "stored as given, read back as is");
        assertEquals(List.of(E2, E3, E7), db.eventLog().read(query(Set.of(), Set.of(BOB), Set.of(), Set.of())));
        assertEquals(new Cursor("c2", 104), db.eventLog().cursor().orElseThrow());

        // an event cannot travel without its text: the caller learns at once, and nothing is written
        assertThrows(NullPointerException.class, () -> new StoredEvent(E8, null));
        assertEquals(new Cursor("c2", 104), db.eventLog().cursor().orElseThrow(), "nothing was written");
    }

    @Test
    void storedTextWithQuotesBackslashesAndUnicodeComesBackAsWritten() {
        Database db = open();
        ActivityEventJson json = new ActivityEventJson();
        // Quotes, backslashes, escapes, braces and commas, a word a store could read as null, and text beyond ASCII.
        String awkward = ",\"note\":\"say \\\"NULL\\\", {a,b} \\\\ \\u0000 ü 😀\"}";
        List<StoredEvent> stored = List.of(
                new StoredEvent(E1, json.write(E1).replaceFirst("}$", awkward)),
                new StoredEvent(E2, json.write(E2)));
        writer(db).appendStored(stored, new Cursor("c1", 101));

        assertEquals(stored, db.eventLog().readStored(everything()), "the text is stored and read back as given");
    }

    @Test
    void aMalformedEventIsRejectedBeforeAnythingIsWritten() {
        Database db = open();
        LogWriter w = writer(db);
        ActivityEvent noContract = new ActivityEvent(dev.sorobanbridge.testsupport.TestEvents.id(100, 3), "invoice.created", null, "C1", 100,
                Instant.now(), "tx", "9", List.of(), Map.of(), List.of());
        ActivityEvent noTime = new ActivityEvent(dev.sorobanbridge.testsupport.TestEvents.id(100, 4), "invoice.created", "invoice", "C1", 100,
                null, "tx", "9", List.of(), Map.of(), List.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.append(List.of(E1, noContract), new Cursor("c1", 100)));
        assertEquals("cannot append event " + noContract.id() + ": it has no contract", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.append(List.of(noTime), new Cursor("c1", 100)));
        assertEquals("cannot append event " + noTime.id() + ": it has no ledgerClosedAt", e.getMessage());

        assertEquals(List.of(), db.eventLog().read(everything()));
        assertTrue(db.eventLog().cursor().isEmpty());
        w.append(List.of(E1), new Cursor("c1", 100));
        assertEquals(List.of(E1), db.eventLog().read(everything()));
    }

    // ---- filters

    @Test
    void eachFilterAloneSelectsItsEvents() {
        Database db = open();
        writer(db).append(ALL, new Cursor("c", 104));
        EventLog log = db.eventLog();

        assertEquals(ids(List.of(E1, E2, E5)), ids(log.read(query(Set.of("1"), Set.of(), Set.of(), Set.of()))));
        assertEquals(ids(List.of(E2, E3, E7)), ids(log.read(query(Set.of(), Set.of(BOB), Set.of(), Set.of()))));
        assertEquals(ids(List.of(E3, E6, E8)), ids(log.read(query(Set.of(), Set.of(), Set.of("pool"), Set.of()))));
        assertEquals(ids(List.of(E2, E7)), ids(log.read(query(Set.of(), Set.of(), Set.of(), Set.of("invoice.funded")))));
        assertEquals(ids(List.of(E3, E6, E8)), ids(log.read(query(Set.of(), Set.of(), Set.of(), Set.of("pool.*")))));
        assertEquals(List.of(), log.read(query(Set.of("3"), Set.of(), Set.of(), Set.of())));
        assertEquals(List.of(), log.read(query(Set.of(), Set.of("GNOBODY"), Set.of(), Set.of())));
    }

    @Test
    void filtersCombineWithOrWithinAndAndAcross() {
        Database db = open();
        writer(db).append(ALL, new Cursor("c", 104));
        EventLog log = db.eventLog();

        assertEquals(ids(List.of(E1, E2, E4, E5, E7)), ids(log.read(query(Set.of("1", "2"), Set.of(), Set.of(), Set.of()))));
        assertEquals(ids(List.of(E1, E3, E4, E6, E8)),
                ids(log.read(query(Set.of(), Set.of(), Set.of(), Set.of("invoice.created", "pool.*")))));
        assertEquals(ids(List.of(E4, E7)), ids(log.read(query(Set.of("1", "2"), Set.of(CAROL), Set.of(), Set.of()))));
        assertEquals(ids(List.of(E1, E2, E4, E5, E7)),
                ids(log.read(query(Set.of(), Set.of(ALICE, CAROL), Set.of("invoice"), Set.of()))));
        assertEquals(ids(List.of(E7)), ids(log.read(new EventQuery(E2.id(), Set.of(), Set.of(BOB), Set.of(),
                Set.of("invoice.*"), 100))));
        assertEquals(List.of(), log.read(query(Set.of("1"), Set.of(), Set.of("pool"), Set.of())));
    }

    /** The store answers every combination exactly as the in-memory filter of live fan-out does. */
    @Test
    void storeAndLiveFilterAgreeOnEveryCombination() {
        Database db = open();
        writer(db).append(ALL, new Cursor("c", 104));
        List<Set<String>> invoiceSets = List.of(Set.of(), Set.of("1"), Set.of("1", "2"));
        List<Set<String>> walletSets = List.of(Set.of(), Set.of(ALICE), Set.of(BOB, CAROL));
        List<Set<String>> contractSets = List.of(Set.of(), Set.of("invoice"), Set.of("pool"));
        List<Set<String>> typeSets = List.of(Set.of(), Set.of("invoice.funded"), Set.of("pool.*"), Set.of("invoice.paid", "pool.*"));
        List<String> afters = new ArrayList<>(Collections.singletonList(null));
        afters.add(E3.id());
        int nonEmpty = 0;
        for (Set<String> inv : invoiceSets)
            for (Set<String> wal : walletSets)
                for (Set<String> con : contractSets)
                    for (Set<String> typ : typeSets)
                        for (String after : afters) {
                            EventQuery q = new EventQuery(after, inv, wal, con, typ, 100);
                            List<ActivityEvent> expected = ALL.stream()
                                    .filter(e -> after == null || e.id().compareTo(after) > 0).filter(q::matches).toList();
                            assertEquals(ids(expected), ids(db.eventLog().read(q)), q.toString());
                            if (!expected.isEmpty()) nonEmpty++;
                        }
        assertTrue(nonEmpty > 50, "the combinations are not all empty: " + nonEmpty);
    }

    @Test
    void pagesWithAfterIdAndLimitCoverEverythingOnce() {
        Database db = open();
        LogWriter w = writer(db);
        List<ActivityEvent> events = IntStream.range(0, 50)
                .mapToObj(i -> event(200 + i / 3, i % 3, i % 2 == 0 ? "invoice.funded" : "pool.deposited",
                        i % 2 == 0 ? Integer.toString(i % 5) : null, i % 4 == 0 ? ALICE : BOB))
                .toList();
        w.append(events, new Cursor("c", 217));

        for (EventQuery filter : List.of(EventQuery.all(null, 7),
                new EventQuery(null, Set.of(), Set.of(ALICE), Set.of(), Set.of(), 7),
                new EventQuery(null, Set.of("0", "2"), Set.of(), Set.of(), Set.of(), 3))) {
            List<ActivityEvent> expected = events.stream().filter(filter::matches).toList();
            List<ActivityEvent> seen = new ArrayList<>();
            String after = null;
            List<ActivityEvent> page;
            do {
                page = db.eventLog().read(new EventQuery(after, filter.invoiceIds(), filter.wallets(),
                        filter.contracts(), filter.types(), filter.limit()));
                assertTrue(page.size() <= filter.limit());
                seen.addAll(page);
                if (!page.isEmpty()) after = page.getLast().id();
            } while (page.size() == filter.limit());
            assertEquals(ids(expected), ids(seen), filter.toString());
        }
    }

    // ---- newest first, and pages bounded by the head

    @Test
    void newestFirstPagesBackToTheStartWithBeforeAndLimit() {
        Database db = open();
        LogWriter w = writer(db);
        List<ActivityEvent> events = IntStream.range(0, 50)
                .mapToObj(i -> event(200 + i / 3, i % 3, i % 2 == 0 ? "invoice.funded" : "pool.deposited",
                        i % 2 == 0 ? Integer.toString(i % 5) : null, i % 4 == 0 ? ALICE : BOB, i % 7 == 0 ? CAROL : BOB))
                .toList();
        w.append(events, new Cursor("c", 217));

        for (EventQuery filter : List.of(EventQuery.all(null, 7),
                new EventQuery(null, Set.of(), Set.of(ALICE), Set.of(), Set.of(), 4),
                new EventQuery(null, Set.of(), Set.of(ALICE, CAROL), Set.of(), Set.of(), 5),
                new EventQuery(null, Set.of("0", "2"), Set.of(), Set.of(), Set.of(), 3),
                new EventQuery(null, Set.of(), Set.of(), Set.of(), Set.of("pool.*"), 6),
                new EventQuery(events.get(10).id(), Set.of(), Set.of(), Set.of("invoice"), Set.of(), 4))) {
            List<ActivityEvent> expected = events.reversed().stream()
                    .filter(e -> filter.afterId() == null || e.id().compareTo(filter.afterId()) > 0)
                    .filter(filter::matches).toList();
            List<ActivityEvent> seen = new ArrayList<>();
            String before = null;
            List<ActivityEvent> page;
            do {
                page = db.eventLog().read(newestFirst(filter, before));
                assertTrue(page.size() <= filter.limit());
                seen.addAll(page);
                if (!page.isEmpty()) before = page.getLast().id();
            } while (page.size() == filter.limit());
            assertEquals(ids(expected), ids(seen), filter.toString());
        }
    }

    @Test
    void aPageIsBoundedByTheHeadItReturns() {
        Database db = open();
        LogWriter w = writer(db);
        assertEquals(new LogPage(List.of(), null), db.eventLog().readPage(newestFirst(EventQuery.all(null, 10), null)),
                "an empty log has no head");
        w.append(ALL, new Cursor("c", 104));

        LogPage newest = db.eventLog().readPage(newestFirst(query(Set.of(), Set.of(ALICE), Set.of(), Set.of()), null));
        assertEquals(E8.id(), newest.head(), "the head is the log's newest id, whether it matched or not");
        assertEquals(ids(List.of(E6, E5, E2, E1)), newest.events().stream().map(StoredEvent::id).toList());
        LogPage older = db.eventLog().readPage(newestFirst(EventQuery.all(null, 2), E5.id()));
        assertEquals(ids(List.of(E4, E3)), older.events().stream().map(StoredEvent::id).toList());
        LogPage forward = db.eventLog().readPage(EventQuery.all(E6.id(), 10));
        assertEquals(ids(List.of(E7, E8)), forward.events().stream().map(StoredEvent::id).toList());
        assertEquals(E8.id(), forward.head());
    }

    /**
     * A client loads the newest N, then streams everything after the head it got, while the indexer
     * appends: the two together are exactly the matching events from the page's oldest on, each once.
     */
    @Test
    void newestPageThenAfterTheHeadHasNoGapAndNoDuplicateUnderConcurrentAppends() throws Exception {
        Database db = open();
        LogWriter w = writer(db);
        int ledgers = 400;
        EventQuery filter = new EventQuery(null, Set.of(), Set.of(ALICE), Set.of(), Set.of(), 5);
        List<ActivityEvent> appended = Collections.synchronizedList(new ArrayList<>());
        Thread writerThread = Thread.ofVirtual().start(() -> {
            for (int ledger = 1000; ledger < 1000 + ledgers; ledger++) {
                List<ActivityEvent> page = List.of(
                        event(ledger, 0, "invoice.funded", "1", ALICE),
                        event(ledger, 1, "pool.deposited", null, BOB),
                        event(ledger, 2, "invoice.paid", "2", ALICE, BOB));
                w.append(page, new Cursor("c" + ledger, ledger));
                appended.addAll(page);
            }
        });
        List<LogPage> pages = new ArrayList<>();
        while (writerThread.isAlive()) {
            LogPage page = db.eventLog().readPage(newestFirst(filter, null));
            // One page per head is enough to check, and keeps the check below short.
            if (page.head() != null && (pages.isEmpty() || !pages.getLast().head().equals(page.head()))) pages.add(page);
        }
        writerThread.join();
        assertTrue(pages.size() > 20, "the reader raced the writer: pages at " + pages.size() + " heads");

        List<String> allMatching = ids(appended.stream().filter(filter::matches).sorted(
                Comparator.comparing(ActivityEvent::id)).toList());
        for (LogPage page : pages) {
            List<String> pageIds = page.events().stream().map(StoredEvent::id).toList().reversed();
            List<String> afterHead = ids(db.eventLog().read(new EventQuery(page.head(), filter.invoiceIds(),
                    filter.wallets(), filter.contracts(), filter.types(), 10_000)));
            List<String> union = new ArrayList<>(pageIds);
            union.addAll(afterHead);
            int from = pageIds.isEmpty() ? 0 : allMatching.indexOf(pageIds.getFirst());
            assertEquals(allMatching.subList(from, allMatching.size()), union,
                    "page at head " + page.head() + " then the events after it");
        }
    }

    @Test
    void oldestAndNewestFollowAppendsAndPrunes() {
        Database db = open();
        writer(db).append(List.of(E3, E1, E5), new Cursor("c", 102));
        assertEquals(E1.id(), db.eventLog().oldestId().orElseThrow());
        assertEquals(E5.id(), db.eventLog().newestId().orElseThrow());
        db.eventLog().prune(new Retention(null, 1));
        assertEquals(E5.id(), db.eventLog().oldestId().orElseThrow());
        assertEquals(E5.id(), db.eventLog().newestId().orElseThrow());
    }

    @Test
    void aMalformedStoredRowIsSkippedAndThePageStillFilled() throws SQLException {
        Database db = open();
        writer(db).append(ALL, new Cursor("c", 104));
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE events SET json = ? WHERE id = ?")) {
            ps.setString(1, "{not json");
            ps.setString(2, E2.id());
            ps.executeUpdate();
        }
        assertEquals(List.of(E1, E3, E4), db.eventLog().read(EventQuery.all(null, 3)));
        assertEquals(List.of(E1, E3, E4, E5, E6, E7, E8), db.eventLog().read(everything()));
    }

    // ---- gaps

    @Test
    void gapsAreFoundByTheIdsOfClientsThatMissedThem() {
        Database db = open();
        LogWriter w = writer(db);
        Gap beforeAnything = new Gap(1, 99, null, Instant.parse("2026-01-01T00:00:00Z"));
        w.appendGap(beforeAnything, Cursor.startAt(100));
        w.append(List.of(E1, E2, E3), new Cursor("c1", 101));
        Gap afterE3 = new Gap(102, 150, E3.id(), Instant.parse("2026-01-02T00:00:00Z"));
        w.appendGap(afterE3, Cursor.startAt(151));

        assertEquals(Cursor.startAt(151), db.eventLog().cursor().orElseThrow(), "a gap moves the cursor too");
        assertEquals(List.of(beforeAnything, afterE3), db.eventLog().gapsAfter(null));
        assertEquals(List.of(afterE3), db.eventLog().gapsAfter(E1.id()));
        assertEquals(List.of(afterE3), db.eventLog().gapsAfter(E3.id()), "the client saw E3, then the gap");
        assertEquals(List.of(), db.eventLog().gapsAfter(E7.id()));
    }

    // ---- retention

    @Test
    void pruningByCountKeepsTheNewestEventsTheCursorAndTheGaps() {
        Database db = open();
        LogWriter w = writer(db);
        Gap gap = new Gap(90, 99, null, Instant.parse("2026-01-01T00:00:00Z"));
        w.appendGap(gap, Cursor.startAt(100));
        w.append(ALL, new Cursor("c", 104));

        assertEquals(0, db.eventLog().prune(new Retention(null, 0)), "0 means unlimited");
        assertEquals(0, db.eventLog().prune(new Retention(null, 8)));
        assertEquals(5, db.eventLog().prune(new Retention(null, 3)));

        assertEquals(List.of(E6, E7, E8), db.eventLog().read(everything()));
        assertEquals(ids(List.of(E7)), ids(db.eventLog().read(query(Set.of(), Set.of(BOB), Set.of(), Set.of()))),
                "pruned events no longer match a wallet");
        assertEquals(new Cursor("c", 104), db.eventLog().cursor().orElseThrow());
        assertEquals(List.of(gap), db.eventLog().gapsAfter(null));
    }

    @Test
    void pruningByAgeRemovesEventsOfLedgersClosedTooLongAgo() {
        Database db = open();
        LogWriter w = writer(db);
        Instant now = Instant.now();
        List<ActivityEvent> events = List.of(
                event(500, 1, "invoice.created", "7", now.minus(Duration.ofHours(3)), ALICE),
                event(501, 1, "invoice.funded", "7", now.minus(Duration.ofHours(2)), ALICE, BOB),
                event(502, 1, "invoice.paid", "7", now.minus(Duration.ofMinutes(30)), ALICE),
                event(503, 1, "pool.deposited", null, now.minus(Duration.ofMinutes(1)), BOB));
        w.append(events, new Cursor("c", 503));

        assertEquals(2, db.eventLog().prune(new Retention(Duration.ofHours(1), 0)));
        assertEquals(events.subList(2, 4), db.eventLog().read(everything()));
        // Age and count together: whichever prunes more wins.
        assertEquals(1, db.eventLog().prune(new Retention(Duration.ofHours(1), 1)));
        assertEquals(events.subList(3, 4), db.eventLog().read(everything()));
        assertEquals(1, db.eventLog().prune(new Retention(Duration.ofSeconds(1), 0)), "all events may age out");
        assertTrue(db.eventLog().newestId().isEmpty());
        assertEquals(new Cursor("c", 503), db.eventLog().cursor().orElseThrow(), "the cursor is never pruned");
    }

    @Test
    void pruningManyEventsWorksInChunks() {
        Database db = open();
        LogWriter w = writer(db);
        int total = EventTables.PRUNE_CHUNK * 2 + 500;
        List<ActivityEvent> events = IntStream.range(0, total)
                .mapToObj(i -> event(1000 + i / 10, i % 10, "invoice.funded", Integer.toString(i % 7), ALICE))
                .toList();
        w.append(events, new Cursor("c", 1000 + total / 10));

        assertEquals(total - 100, db.eventLog().prune(new Retention(null, 100)));
        assertEquals(ids(events.subList(total - 100, total)), ids(db.eventLog().read(everything())));
        assertEquals(100, db.eventLog().read(query(Set.of(), Set.of(ALICE), Set.of(), Set.of())).size());
    }

    // ---- lifecycle

    @Test
    void everythingSurvivesCloseAndReopen() throws SQLException {
        Database first = open();
        LogWriter w = first.eventLog().tryAcquireWriter().orElseThrow();
        w.append(ALL.subList(0, 6), new Cursor("c1", 103));
        Gap gap = new Gap(103, 103, E6.id(), Instant.parse("2026-01-03T00:00:00Z"));
        w.appendGap(gap, new Cursor(null, 104));
        w.close();
        first.close();

        Database second = open();
        assertEquals(ALL.subList(0, 6), second.eventLog().read(everything()));
        assertEquals(new Cursor(null, 104), second.eventLog().cursor().orElseThrow());
        assertEquals(List.of(gap), second.eventLog().gapsAfter(E1.id()));
        writer(second).append(ALL.subList(4, 8), new Cursor("c2", 104));
        assertEquals(ALL, second.eventLog().read(everything()));
        assertEquals(List.of(1, 2), schemaVersions(second), "migrations ran once");
    }

    @Test
    void aVersionOneDatabaseWithHandMadeAuthTablesUpgradesAndKeepsItsRows() throws SQLException {
        // What a node of the previous build left: schema version 1, and the auth tables it created by hand
        // at start-up (one of them, auth_revoked_sessions, since replaced by auth_revocations).
        Database db = open();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM schema_version WHERE version = 2");
            st.executeUpdate("DROP TABLE auth_revocations");
            st.executeUpdate("DROP TABLE auth_used_challenges");
            st.executeUpdate("CREATE TABLE auth_revoked_sessions (session_id TEXT PRIMARY KEY, revoked_at BIGINT NOT NULL,"
                    + " expires_at BIGINT NOT NULL)");
            st.executeUpdate("INSERT INTO auth_tickets (ticket_id, session_id, issued_at, expires_at) VALUES ('t1', 's1', 1, 2)");
        }
        db.close();

        Database upgraded = open();
        assertEquals(List.of(1, 2), schemaVersions(upgraded));
        try (Connection c = upgraded.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT session_id FROM auth_tickets WHERE ticket_id = 't1'")) {
                assertTrue(rs.next(), "the ticket recorded before the upgrade is still there");
                assertEquals("s1", rs.getString(1));
            }
            st.executeUpdate("INSERT INTO auth_revocations (issuer, jti, revoked_at, expires_at) VALUES ('i', 'j', 1, 2)");
            st.executeUpdate("INSERT INTO auth_used_challenges (tx_hash, used_at, expires_at) VALUES ('h', 1, 2)");
            assertThrows(SQLException.class, () -> st.executeQuery("SELECT 1 FROM auth_revoked_sessions"),
                    "the table keyed by jti alone is gone");
        }
    }

    @Test
    void aDatabaseFromANewerBuildIsRefused() throws SQLException {
        Database db = open();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)");
        }
        db.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
        assertTrue(e.getMessage().startsWith("the event log database has schema version 99, newer than this build understands"),
                e.getMessage());
    }

    static List<Integer> schemaVersions(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (rs.next()) versions.add(rs.getInt(1));
            return versions;
        }
    }

    // ---- readers' wake-up

    @Test
    void listenersRunAfterTheAppendIsCommitted() throws InterruptedException {
        Database db = open();
        LogWriter w = writer(db);
        CountDownLatch woken = new CountDownLatch(1);
        db.eventLog().onAppend(() -> {
            throw new IllegalStateException("a broken listener must not stop the others");
        });
        db.eventLog().onAppend(() -> {
            if (db.eventLog().read(everything()).contains(E2)) woken.countDown();
        });

        w.append(List.of(E1, E2), new Cursor("c", 100));

        assertTrue(woken.await(10, TimeUnit.SECONDS), "listener woken with the events visible");
    }

    // ---- writer

    @Test
    void onlyOneWriterAtATime() {
        Database db = open();
        LogWriter first = writer(db);
        assertTrue(first.isValid());
        assertTrue(db.eventLog().tryAcquireWriter().isEmpty(), "a second writer while the first is open");

        first.close();
        assertFalse(first.isValid());
        assertThrows(LogUnavailableException.class, () -> first.append(List.of(E1), new Cursor("c", 100)));
        assertTrue(db.eventLog().read(everything()).isEmpty(), "a closed writer wrote nothing");

        LogWriter second = writer(db);
        second.append(List.of(E1), new Cursor("c", 100));
        assertEquals(List.of(E1), db.eventLog().read(everything()));
    }

    @Test
    void aReachableStoreSaysSo() {
        open().eventLog().checkReachable();
    }

    /** Polls {@code condition} until it holds, failing after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out waiting until " + what);
            Thread.sleep(20);
        }
    }
}
