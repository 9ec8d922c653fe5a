package dev.sorobanbridge.indexer.poll;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.sorobanbridge.abi.EventId;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.Gap;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.log.StoredEvent;
import dev.sorobanbridge.indexer.poll.SimulatedRpc.Call;
import dev.sorobanbridge.indexer.poll.SimulatedRpc.StubFault;
import dev.sorobanbridge.log.store.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static dev.sorobanbridge.indexer.poll.AsteraEvents.failedCall;
import static dev.sorobanbridge.indexer.poll.AsteraEvents.invoiceCreated;
import static dev.sorobanbridge.indexer.poll.AsteraEvents.invoiceExpired;
import static dev.sorobanbridge.indexer.poll.AsteraEvents.invoiceFunded;
import static dev.sorobanbridge.indexer.poll.AsteraEvents.poolDeposit;
import static dev.sorobanbridge.indexer.poll.AsteraEvents.poolFunded;
import static dev.sorobanbridge.indexer.poll.IndexerHarness.await;
import static dev.sorobanbridge.indexer.poll.IndexerHarness.awaitCursorLedger;
import static dev.sorobanbridge.indexer.poll.IndexerHarness.settings;
import static dev.sorobanbridge.indexer.poll.IndexerHarness.stored;
import static dev.sorobanbridge.indexer.poll.IndexerHarness.storedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The indexer end to end: WireMock answering as Stellar RPC, the real RPC client and decoder, and
 * a real SQLite event log.
 */
class IndexerTest {
    private static final long OLDEST = 1_000_000;
    private static final long LATEST = 1_060_000;
    private static final Instant BASE = Instant.parse("2026-11-22T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path referenceDir;
    private static List<StoredEvent> referenceLog;
    private static Cursor referenceCursor;

    @TempDir
    Path dir;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private static Instant closedAt(long ledger) {
        return BASE.plusSeconds(5 * (ledger - OLDEST));
    }

    /**
     * A chain whose backfill with page size 3 takes eight pages: two full pages (cursor = last
     * event id), a short one, one with a single event, three empty 10,000-ledger windows, and a
     * last one reaching the latest ledger. One event comes from a failed contract call.
     */
    private static SimulatedRpc backfillChain() {
        SimulatedRpc rpc = new SimulatedRpc(OLDEST, LATEST, Duration.ofSeconds(1));
        long l = OLDEST;
        rpc.add(invoiceCreated(l + 3, 1, 1, 5_000_0000000L, closedAt(l + 3)),
                poolDeposit(l + 4, 1, 20_000_0000000L, closedAt(l + 4)),
                invoiceFunded(l + 5, 2, 1, closedAt(l + 5)),
                poolFunded(l + 5, 2, 1, 4_800_0000000L, closedAt(l + 5)),
                failedCall(poolDeposit(l + 7, 1, 1, closedAt(l + 7))),
                invoiceCreated(l + 7, 2, 2, 900_0000000L, closedAt(l + 7)),
                invoiceExpired(l + 9, 1, 3, closedAt(l + 9)),
                invoiceCreated(l + 12_345, 1, 4, 1_000_0000000L, closedAt(l + 12_345)),
                invoiceFunded(LATEST - 1_000, 3, 4, closedAt(LATEST - 1_000)),
                poolFunded(LATEST - 1_000, 3, 4, 990_0000000L, closedAt(LATEST - 1_000)));
        return rpc;
    }

    @BeforeAll
    static void faultFreeReferenceRun() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (SimulatedRpc rpc = backfillChain(); Database db = IndexerHarness.open(referenceDir.resolve("ref.db"));
             Indexer indexer = IndexerHarness.indexer(settings(OptionalLong.of(OLDEST), 3), db.eventLog(), rpc.url(), metrics)) {
            indexer.start();
            awaitCursorLedger(db.eventLog(), LATEST, WAIT);
            referenceLog = stored(db.eventLog());
            referenceCursor = db.eventLog().cursor().orElseThrow();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T use(T resource) {
        resources.add(resource);
        return resource;
    }

    private EventLog log(String name) {
        return use(IndexerHarness.open(dir.resolve(name))).eventLog();
    }

    private Indexer start(SimulatedRpc rpc, EventLog log, OptionalLong startLedger, int pageSize) {
        Indexer indexer = use(IndexerHarness.indexer(settings(startLedger, pageSize), log, rpc.url(), metrics));
        indexer.start();
        return indexer;
    }

    private double meter(String name, String... tags) {
        var search = metrics.find(name).tags(tags);
        return search.counter() != null ? search.counter().count() : search.timer() != null ? search.timer().count() : search.gauge().value();
    }

    @Test
    void backfillFollowsTheCursorAcrossFullShortAndEmptyPagesUntilTheLatestLedger() {
        SimulatedRpc rpc = use(backfillChain());
        EventLog log = log("events.db");
        Indexer indexer = start(rpc, log, OptionalLong.of(OLDEST), 3);

        awaitCursorLedger(log, LATEST, WAIT);

        assertEquals(rpc.deliverableIds(OLDEST, LATEST), storedIds(log), "every successful-call event, in order");
        assertEquals(9, storedIds(log).size());
        List<Call> calls = rpc.calls("getEvents");
        assertEquals(OLDEST, calls.getFirst().startLedger());
        assertNull(calls.getFirst().cursor());
        List<Call> backfill = calls.subList(0, 8);
        for (int i = 1; i < backfill.size(); i++) {
            assertNull(backfill.get(i).startLedger(), "never startLedger together with a cursor");
            assertEquals(backfill.get(i - 1).answerCursor(), backfill.get(i).cursor(), "page " + i + " follows the cursor");
        }
        long emptyWindows = backfill.stream()
                .filter(c -> c.answerEventCount() == 0 && EventId.parse(c.answerCursor()).ledger() < LATEST).count();
        assertEquals(3, emptyWindows, "empty pages before the latest ledger are not the end");
        assertEquals(LATEST, EventId.parse(backfill.getLast().answerCursor()).ledger());

        await(WAIT, () -> indexer.status().lastPollAt() != null, () -> "a completed poll");
        IndexerStatus status = indexer.status();
        assertTrue(status.leader());
        assertEquals(LATEST, status.latestLedger());
        assertEquals(LATEST, status.cursorLedger());
        assertEquals(0, status.lagLedgers());
        assertNull(status.lastError());
    }

    @Test
    void metricsScrapeUnderTheDesignNames() {
        SimulatedRpc rpc = use(backfillChain());
        EventLog log = log("events.db");
        start(rpc, log, OptionalLong.of(OLDEST), 3);
        awaitCursorLedger(log, LATEST, WAIT);

        String scrape = metrics.scrape();
        for (String line : List.of("indexer_leader 1.0", "indexer_latest_ledger 1060000.0", "indexer_cursor_ledger 1060000.0",
                "indexer_lag_ledgers 0.0", "indexer_events_total{contract=\"invoice\",type=\"invoice.created\"} 3.0",
                "indexer_events_total{contract=\"pool\",type=\"pool.funded\"} 2.0", "indexer_decode_failures_total 0.0",
                "indexer_gaps_total 0.0")) {
            assertTrue(scrape.contains(line), line + " in\n" + scrape);
        }
        assertTrue(scrape.contains("rpc_request_seconds_count{method=\"getEvents\",outcome=\"ok\"}"), scrape);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("timeout", StubFault.delayed(2_000), 1, "timeout"),
                Arguments.of("HTTP 500", StubFault.status(500, "internal error"), 1, "http_error"),
                Arguments.of("HTTP 502 from a proxy", StubFault.status(502, "<html><body>Bad Gateway</body></html>"), 1, "http_error"),
                Arguments.of("HTTP 503 without a body", StubFault.noBody(503), 1, "http_error"),
                Arguments.of("HTTP 429", StubFault.tooManyRequests(1), 1, "http_error"),
                Arguments.of("-32600 other than retention", StubFault.rpcError(-32600, "invalid request"), 1, "rpc_error"),
                Arguments.of("-32600 with the RPC behind our cursor",
                        StubFault.rpcError(-32600, "startLedger must be within the ledger range: 1000000 - 1000005"), 1, "rpc_error"),
                Arguments.of("-32602", StubFault.rpcError(-32602, "limit must not exceed 2"), 1, "rpc_error"),
                Arguments.of("-32001", StubFault.rpcError(-32001, "request exceeded processing limit threshold"), 1, "rpc_error"),
                Arguments.of("-32003", StubFault.rpcError(-32003, "request failed to process due to internal issue"), 1, "rpc_error"),
                Arguments.of("-32603", StubFault.rpcError(-32603, "data stores are not initialized"), 1, "rpc_error"),
                Arguments.of("body not JSON", StubFault.body("<html>maintenance</html>"), 1, "bad_response"),
                Arguments.of("truncated JSON", StubFault.body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"events\":["), 1, "bad_response"),
                Arguments.of("neither result nor error", StubFault.body("{\"jsonrpc\":\"2.0\",\"id\":1}"), 1, "bad_response"),
                Arguments.of("result without cursor", StubFault.body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"events\":[],\"latestLedger\":1060000}}"), 1, "bad_response"),
                // okhttp itself retries once when a reused pooled connection is reset, so reset two in a row
                Arguments.of("connection reset", StubFault.connection(Fault.CONNECTION_RESET_BY_PEER), 2, "io_error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aFaultMidBackfillNeverMovesTheCursorAndTheLogEndsAsWithoutIt(String name, StubFault fault, int times, String outcome) {
        SimulatedRpc rpc = use(backfillChain());
        for (int call = 3; call < 3 + times; call++) {
            rpc.failGetEventsCall(call, fault);
        }
        EventLog log = log("events.db");
        start(rpc, log, OptionalLong.of(OLDEST), 3);

        awaitCursorLedger(log, LATEST, WAIT);

        List<Call> calls = rpc.calls("getEvents");
        assertEquals(calls.get(2).cursor(), calls.get(3).cursor(), "the retry asks for the same page");
        assertEquals(referenceLog, stored(log), "the same events, byte for byte, as a run without the fault");
        assertEquals(referenceCursor, log.cursor().orElseThrow());
        assertTrue(log.gapsAfter(null).isEmpty());
        assertTrue(meter("rpc.request", "method", "getEvents", "outcome", outcome) >= 1, outcome + " counted");
    }

    @Test
    void severalFaultsInARowBackOffAndRecover() {
        SimulatedRpc rpc = use(backfillChain());
        rpc.failGetEventsCall(2, StubFault.noBody(503));
        rpc.failGetEventsCall(3, StubFault.rpcError(-32001, "request exceeded processing limit threshold"));
        rpc.failGetEventsCall(4, StubFault.body("not json"));
        EventLog log = log("events.db");
        start(rpc, log, OptionalLong.of(OLDEST), 3);

        awaitCursorLedger(log, LATEST, WAIT);

        assertEquals(referenceLog, stored(log));
        List<Call> calls = rpc.calls("getEvents");
        assertEquals(calls.get(1).cursor(), calls.get(4).cursor());
    }

    @Test
    void retryAfterIsHonoured() {
        SimulatedRpc rpc = use(backfillChain());
        rpc.failGetEventsCall(2, StubFault.tooManyRequests(2));
        EventLog log = log("events.db");
        start(rpc, log, OptionalLong.of(OLDEST), 3);

        awaitCursorLedger(log, LATEST, WAIT);

        List<Call> calls = rpc.calls("getEvents");
        Duration waited = Duration.ofNanos(calls.get(2).receivedAtNanos() - calls.get(1).receivedAtNanos());
        assertTrue(waited.compareTo(Duration.ofSeconds(2)) >= 0, "next request after " + waited.toMillis() + " ms");
        assertEquals(referenceLog, stored(log));
    }

    @Test
    void aCursorOlderThanTheRetentionWindowRestartsAtTheOldestLedgerAndRecordsAGap() {
        SimulatedRpc rpc = use(new SimulatedRpc(100, 200, Duration.ofSeconds(1)));
        rpc.add(invoiceCreated(150, 1, 1, 100, closedAt(150)));
        EventLog log = log("events.db");
        Indexer indexer = start(rpc, log, OptionalLong.of(100), 100);
        awaitCursorLedger(log, 200, WAIT);
        String lastBefore = storedIds(log).getLast();

        // The indexer fell behind (say, its RPC was restored from an old snapshot) and, meanwhile,
        // the RPC pruned ledgers up to 299: the next poll's cursor (ledger 200) is refused.
        int callsBefore = rpc.calls("getEvents").size();
        rpc.add(invoiceCreated(250, 1, 2, 100, closedAt(250)), invoiceCreated(350, 1, 3, 100, closedAt(350)));
        rpc.moveWindow(300, 400);
        awaitCursorLedger(log, 400, WAIT);

        List<Gap> gaps = log.gapsAfter(lastBefore);
        assertEquals(1, gaps.size(), gaps.toString());
        assertEquals(201, gaps.getFirst().fromLedger());
        assertEquals(299, gaps.getFirst().toLedger());
        assertEquals(lastBefore, gaps.getFirst().lastIdBefore());
        assertEquals(List.of(AsteraEvents.id(150, 1, 0, 0), AsteraEvents.id(350, 1, 0, 0)), storedIds(log),
                "ledger 250 was pruned by the RPC before it was read");
        assertEquals(1.0, meter("indexer.gaps"));
        List<Call> after = rpc.calls("getEvents").subList(callsBefore, rpc.calls("getEvents").size());
        assertEquals(-32600, after.getFirst().answer().at("/error/code").asInt(), "the cursor was refused");
        assertEquals(300L, after.get(1).startLedger(), "restarted at the oldest retained ledger");
        assertNull(after.get(1).cursor());
        assertTrue(indexer.status().leader());
    }

    @Test
    void aCursorEndingRightBeforeTheOldestLedgerMissedNothing() {
        SimulatedRpc rpc = use(new SimulatedRpc(100, 200, Duration.ofSeconds(1)));
        EventLog log = log("events.db");
        start(rpc, log, OptionalLong.of(100), 100);
        awaitCursorLedger(log, 200, WAIT);

        rpc.add(invoiceCreated(201, 1, 1, 100, closedAt(201)));
        rpc.moveWindow(201, 300); // the cursor ends ledger 200, which the RPC no longer holds
        awaitCursorLedger(log, 300, WAIT);

        assertEquals(List.of(), log.gapsAfter(null));
        assertEquals(0.0, meter("indexer.gaps"));
        assertEquals(List.of(AsteraEvents.id(201, 1, 0, 0)), storedIds(log));
    }

    @Test
    void getHealthRevealsAPrunedCursorAtStartBeforeAnyRefusedRequest() {
        SimulatedRpc rpc = use(new SimulatedRpc(100, 200, Duration.ofSeconds(1)));
        EventLog log = log("events.db");
        try (LogWriter writer = log.tryAcquireWriter().orElseThrow()) {
            writer.append(List.of(), Cursor.startAt(120));
        }
        rpc.retainFrom(150);
        start(rpc, log, OptionalLong.empty(), 100);

        awaitCursorLedger(log, 200, WAIT);

        assertEquals(List.of(new Gap(120, 149, null, log.gapsAfter(null).getFirst().recordedAt())), log.gapsAfter(null));
        assertEquals(150L, rpc.calls("getEvents").getFirst().startLedger());
        assertEquals(1, rpc.calls("getHealth").size());
        assertEquals(1.0, meter("indexer.gaps"));
    }

    @Test
    void malformedXdrIsCountedStoredAsUnknownAndTheRestFlows() {
        SimulatedRpc rpc = use(new SimulatedRpc(100, 200, Duration.ofSeconds(1)));
        rpc.add(invoiceCreated(110, 1, 1, 100, closedAt(110)),
                AsteraEvents.malformedInvoiceEvent(120, 1, closedAt(120)),
                invoiceFunded(130, 1, 1, closedAt(130)));
        EventLog log = log("events.db");
        start(rpc, log, OptionalLong.of(100), 100);

        awaitCursorLedger(log, 200, WAIT);

        List<StoredEvent> events = stored(log);
        assertEquals(List.of("invoice.created", "invoice.unknown", "invoice.funded"),
                events.stream().map(e -> e.event().type()).toList());
        assertEquals("AAAA", events.get(1).event().data().get("valueXdr"));
        assertEquals(1.0, meter("indexer.decode.failures"));
    }

    @Test
    void eventsOfFailedContractCallsAreNotStored() {
        SimulatedRpc rpc = use(new SimulatedRpc(100, 200, Duration.ofSeconds(1)));
        rpc.add(failedCall(poolDeposit(110, 1, 5, closedAt(110))), poolDeposit(110, 2, 7, closedAt(110)));
        EventLog log = log("events.db");
        start(rpc, log, OptionalLong.of(100), 100);

        awaitCursorLedger(log, 200, WAIT);

        assertEquals(List.of(AsteraEvents.id(110, 2, 0, 0)), storedIds(log));
    }

    @Test
    void startsFromTheLatestLedgerWhenConfiguredSoAndKeepsFollowingNewLedgers() {
        SimulatedRpc rpc = use(new SimulatedRpc(100, 5_000, Duration.ofSeconds(1)));
        rpc.add(invoiceCreated(4_990, 1, 1, 100, closedAt(4_990)), invoiceCreated(5_000, 1, 2, 100, closedAt(5_000)));
        EventLog log = log("events.db");
        start(rpc, log, OptionalLong.empty(), 100);

        awaitCursorLedger(log, 5_000, WAIT);
        assertEquals(5_000L, rpc.calls("getEvents").getFirst().startLedger());
        assertEquals(1, rpc.calls("getLatestLedger").size());
        assertEquals(List.of(AsteraEvents.id(5_000, 1, 0, 0)), storedIds(log));

        rpc.add(invoiceFunded(5_001, 1, 2, closedAt(5_001)));
        rpc.advanceTo(5_001);
        awaitCursorLedger(log, 5_001, WAIT);
        assertEquals(List.of(AsteraEvents.id(5_000, 1, 0, 0), AsteraEvents.id(5_001, 1, 0, 0)), storedIds(log));
        assertEquals(1, rpc.calls("getLatestLedger").size(), "latest is resolved once");
    }

    @Test
    void startsFromAConfiguredLedgerAndLaterResumesFromTheStoredCursorInstead() {
        SimulatedRpc rpc = use(new SimulatedRpc(100, 5_000, Duration.ofSeconds(1)));
        rpc.add(invoiceCreated(3_999, 1, 1, 100, closedAt(3_999)), invoiceCreated(4_000, 1, 2, 100, closedAt(4_000)));
        EventLog log = log("events.db");
        Indexer first = start(rpc, log, OptionalLong.of(4_000), 100);
        awaitCursorLedger(log, 5_000, WAIT);
        first.close();
        assertEquals(4_000L, rpc.calls("getEvents").getFirst().startLedger());
        assertEquals(List.of(AsteraEvents.id(4_000, 1, 0, 0)), storedIds(log));

        int before = rpc.calls("getEvents").size();
        start(rpc, log, OptionalLong.of(100), 100);
        await(WAIT, () -> rpc.calls("getEvents").size() > before, () -> "a poll after restart");
        Call resumed = rpc.calls("getEvents").get(before);
        assertNull(resumed.startLedger(), "the stored cursor wins over indexer.start-ledger");
        assertEquals(5_000, EventId.parse(resumed.cursor()).ledger());
        assertEquals(0, rpc.calls("getLatestLedger").size());
    }

    @Test
    void aStandbyDoesNotPollWhileAnotherWriterHoldsTheLogAndTakesOverWhenReleased() throws Exception {
        SimulatedRpc rpc = use(new SimulatedRpc(100, 200, Duration.ofSeconds(1)));
        rpc.add(invoiceCreated(150, 1, 1, 100, closedAt(150)));
        EventLog log = log("events.db");
        LogWriter otherLeader = log.tryAcquireWriter().orElseThrow();
        Indexer standby = start(rpc, log, OptionalLong.of(100), 100);

        Thread.sleep(2_500); // several standby retries: none may poll
        assertEquals(List.of(), rpc.calls("getEvents"));
        assertFalse(standby.status().leader());
        assertTrue(metrics.scrape().contains("indexer_leader 0.0"));

        long released = System.nanoTime();
        otherLeader.close();
        awaitCursorLedger(log, 200, Duration.ofSeconds(5));
        assertTrue(System.nanoTime() - released < Duration.ofSeconds(5).toNanos(), "took over within 5 s");
        assertTrue(standby.status().leader());
        assertEquals(List.of(AsteraEvents.id(150, 1, 0, 0)), storedIds(log));
    }

    @Test
    void closeStopsPollingAndReleasesTheWriter() {
        SimulatedRpc rpc = use(new SimulatedRpc(100, 200, Duration.ofSeconds(1)));
        EventLog log = log("events.db");
        Indexer indexer = start(rpc, log, OptionalLong.of(100), 100);
        awaitCursorLedger(log, 200, WAIT);

        indexer.close();
        int calls = rpc.calls("getEvents").size();

        assertFalse(indexer.status().leader());
        assertTrue(log.tryAcquireWriter().isPresent(), "the writer was given back");
        assertEquals(calls, rpc.calls("getEvents").size());
    }
}
