package dev.sorobanbridge.indexer.poll;

import dev.sorobanbridge.abi.ActivityEventJson;
import dev.sorobanbridge.abi.DecodedEvent;
import dev.sorobanbridge.abi.EventId;
import dev.sorobanbridge.abi.EventDecoder;
import dev.sorobanbridge.abi.RawEvent;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.Gap;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.log.StoredEvent;
import dev.sorobanbridge.indexer.rpc.EventsPage;
import dev.sorobanbridge.indexer.rpc.EventsRequest;
import dev.sorobanbridge.indexer.rpc.RpcErrorException;
import dev.sorobanbridge.indexer.rpc.RpcException;
import dev.sorobanbridge.indexer.rpc.RpcHealth;
import dev.sorobanbridge.indexer.rpc.RpcIoException;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;

import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What the leader does while it holds the log's writer: follow the RPC's paging cursor and append
 * each page, with the cursor after it, in one transaction. The in-memory cursor only ever moves
 * to what was just committed, so a failed call or a crash at any instant resumes exactly there.
 * Only the thread that calls {@link #catchUp()} appends; the next page is fetched ahead of it.
 */
final class IngestSession {
    private static final System.Logger LOG = System.getLogger(Indexer.class.getName());

    private final LogWriter writer;
    private final EventLog log;
    private final EventDecoder decoder;
    private final StellarRpcClient rpc;
    private final List<String> contractIds;
    private final int pageSize;
    private final OptionalLong startLedger;
    private final PollSchedule schedule;
    private final IndexerMetrics metrics;
    private final Clock clock;
    private final ActivityEventJson json = new ActivityEventJson();

    private Cursor cursor;
    /** The oldest ledger the RPC retains, as last reported; null until reported. */
    private Long oldestRetained;

    IngestSession(LogWriter writer, EventLog log, EventDecoder decoder, StellarRpcClient rpc, List<String> contractIds,
                  int pageSize, OptionalLong startLedger, PollSchedule schedule, IndexerMetrics metrics, Clock clock) {
        this.writer = writer;
        this.log = log;
        this.decoder = decoder;
        this.rpc = rpc;
        this.contractIds = contractIds;
        this.pageSize = pageSize;
        this.startLedger = startLedger;
        this.schedule = schedule;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Appends pages until the scanned window reaches the RPC's latest ledger. An empty or short
     * page is not the end: one request scans at most 10,000 ledgers.
     *
     * <p>While a page is appended, the next one is fetched and decoded on a virtual thread
     * ({@link Prefetch}): its request starts from the cursor the page being appended commits, which
     * is exactly the request the next turn would make. At most one page is ever in flight ahead,
     * and it is only used once that append has committed; if the append fails, or the retention
     * window moves past the cursor, it is discarded. A failed prefetch surfaces here as the failure
     * of that next page, with nothing advanced past the committed cursor.
     */
    void catchUp() throws RpcException {
        if (cursor == null) {
            cursor = resolveStart();
        }
        int pages = 0;
        int stored = 0;
        Prefetch ahead = null;
        try {
            while (true) {
                if (oldestRetained != null && oldestRetained > cursor.ledger()) {
                    if (ahead != null) {
                        ahead.discard();
                        ahead = null;
                    }
                    restartAtOldest(oldestRetained);
                }
                FetchedPage fetched;
                try {
                    if (ahead != null) {
                        if (!ahead.from().equals(cursor)) {
                            throw new IllegalStateException("prefetched from " + ahead.from() + " but the cursor is " + cursor);
                        }
                        Prefetch taken = ahead;
                        ahead = null;
                        fetched = taken.await();
                    } else {
                        fetched = fetch(cursor);
                    }
                } catch (RpcErrorException e) {
                    var range = e.ledgerRange();
                    // The RPC starts at the cursor's ledger; older than its oldest means it was pruned.
                    if (range.isPresent() && cursor.ledger() < range.get().oldest()) {
                        restartAtOldest(range.get().oldest());
                        continue;
                    }
                    throw e;
                }
                EventsPage page = fetched.page();
                schedule.observe(fetched.sentAt(), page.latestLedger(), page.latestLedgerCloseTime());
                metrics.latestLedger(page.latestLedger());
                if (page.oldestLedger() != null) {
                    oldestRetained = page.oldestLedger();
                }
                boolean moved = !page.cursor().equals(cursor.rpcCursor());
                boolean last = page.reachesLatest() || !moved;
                if (moved || !fetched.events().isEmpty()) {
                    Cursor next = new Cursor(page.cursor(), page.cursorLedger());
                    if (!last) {
                        // the request the next turn makes once `next` is committed: fetch it meanwhile
                        ahead = new Prefetch(next, () -> fetch(next));
                    }
                    reportMalformed(fetched);
                    writer.appendStored(fetched.events(), next);
                    cursor = next;
                    metrics.cursorLedger(next.ledger());
                    metrics.stored(fetched.countsByType());
                    stored += fetched.events().size();
                }
                pages++;
                if (last) {
                    break;
                }
            }
        } finally {
            if (ahead != null) {
                ahead.discard(); // the append failed: nothing may run ahead of the committed cursor
            }
        }
        if (pages > 1) {
            LOG.log(Level.INFO, "caught up to ledger {0,number,#} ({1} pages, {2} events stored)", cursor.ledger(), pages, stored);
        }
    }

    /** One getEvents call from {@code from}, decoded and serialised; touches no state of the session. */
    private FetchedPage fetch(Cursor from) throws RpcException {
        EventsRequest request = from.rpcCursor() != null
                ? EventsRequest.after(from.rpcCursor(), contractIds, pageSize)
                : EventsRequest.fromLedger(from.ledger(), contractIds, pageSize);
        Instant sentAt = clock.instant();
        EventsPage page = rpc.getEvents(request);
        List<StoredEvent> events = new ArrayList<>(page.events().size());
        List<String> malformed = new ArrayList<>(0);
        for (RawEvent raw : page.events()) {
            if (!raw.inSuccessfulContractCall()) {
                continue; // events of failed contract calls are never delivered (docs/design.md#activity-events)
            }
            DecodedEvent decoded = decoder.decode(raw);
            if (decoded.malformed()) {
                malformed.add("event " + raw.id() + " has malformed XDR (" + decoded.failure() + "); stored as "
                        + decoded.event().type());
            }
            // serialised here, not by the writer, so that this too overlaps the previous page's append
            events.add(new StoredEvent(decoded.event(), json.write(decoded.event())));
        }
        return new FetchedPage(sentAt, page, events, IndexerMetrics.countByType(events), malformed);
    }

    /**
     * Counted and logged as the page goes to the writer (before its commit, as a reader that sees the
     * page may check the counter), not while it is fetched ahead: a discarded prefetch counts nothing.
     */
    private void reportMalformed(FetchedPage fetched) {
        for (String line : fetched.malformed()) {
            metrics.decodeFailure();
            LOG.log(Level.WARNING, line);
        }
    }

    /** Takes note of the retention window; the next {@link #catchUp()} acts on it. */
    void observe(RpcHealth health) {
        if (health.oldestLedger() != null) {
            oldestRetained = health.oldestLedger();
        }
    }

    private Cursor resolveStart() throws RpcException {
        var stored = log.cursor();
        if (stored.isPresent()) {
            LOG.log(Level.INFO, "resuming from the stored cursor in ledger {0,number,#}", stored.get().ledger());
            metrics.cursorLedger(stored.get().ledger());
            return stored.get();
        }
        long start = startLedger.isPresent() ? startLedger.getAsLong() : rpc.getLatestLedger().sequence();
        Cursor first = Cursor.startAt(start);
        // Committed at once, so that "latest" is fixed even if we stop before the first page.
        writer.append(List.of(), first);
        metrics.cursorLedger(start);
        LOG.log(Level.INFO, "empty log: starting at ledger {0,number,#} ({1})", start,
                startLedger.isPresent() ? "indexer.start-ledger" : "the RPC's latest ledger");
        return first;
    }

    /**
     * The RPC no longer holds the ledgers after our cursor: skip to its oldest ledger and record
     * the skipped range, so a client resuming from before it is told to resync.
     */
    private void restartAtOldest(long oldest) {
        long from = nextLedger(cursor);
        long to = oldest - 1;
        Cursor restart = Cursor.startAt(oldest);
        if (from <= to) {
            Gap gap = new Gap(from, to, log.newestId().orElse(null), clock.instant());
            writer.appendGap(gap, restart);
            metrics.gap();
            LOG.log(Level.WARNING, "ledgers {0,number,#}-{1,number,#} are no longer retained by the RPC (its oldest is "
                    + "{2,number,#}): recorded a gap and restarted at ledger {2,number,#}", from, to, oldest);
        } else {
            // The cursor ended exactly before the oldest ledger: nothing was missed.
            writer.append(List.of(), restart);
        }
        cursor = restart;
        metrics.cursorLedger(oldest);
    }

    /** The first ledger not fully read yet. */
    private static long nextLedger(Cursor cursor) {
        if (cursor.rpcCursor() == null) {
            return cursor.ledger();
        }
        return EventId.parse(cursor.rpcCursor()).endsLedger() ? cursor.ledger() + 1 : cursor.ledger();
    }

    /**
     * A getEvents answer and its events decoded, with their JSON (failed calls' dropped).
     *
     * @param sentAt       when the request went out, for {@link PollSchedule#observe}
     * @param countsByType the events per (contract, type), for {@code indexer_events_total}
     * @param malformed    one log line per event whose XDR was malformed
     */
    private record FetchedPage(Instant sentAt, EventsPage page, List<StoredEvent> events,
                               Map<IndexerMetrics.TypeKey, Long> countsByType, List<String> malformed) {}

    /**
     * The next page, fetched and decoded on its own virtual thread while the indexer thread appends
     * the current one.
     */
    private static final class Prefetch {
        private final Cursor from;
        private final FutureTask<FetchedPage> task;
        private final Thread thread;

        Prefetch(Cursor from, Callable<FetchedPage> work) {
            this.from = from;
            this.task = new FutureTask<>(work);
            this.thread = Thread.ofVirtual().name("indexer-prefetch").start(task);
        }

        /** The committed cursor this page's request starts from. */
        Cursor from() {
            return from;
        }

        FetchedPage await() throws RpcException {
            try {
                return task.get();
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case RpcException rpc -> throw rpc;
                    case RuntimeException runtime -> throw runtime;
                    case Error error -> throw error;
                    default -> throw new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                discard();
                Thread.currentThread().interrupt();
                throw new RpcIoException("getEvents", new InterruptedIOException("interrupted while waiting for the next page"));
            }
        }

        /**
         * Abandons the page: the call is interrupted and its thread awaited, so no page outlives the
         * turn that asked for it and at most one is ever in flight.
         */
        void discard() {
            task.cancel(true);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
