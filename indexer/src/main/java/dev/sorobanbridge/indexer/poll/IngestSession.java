package dev.sorobanbridge.indexer.poll;

import dev.sorobanbridge.abi.ActivityEvent;
import dev.sorobanbridge.abi.DecodedEvent;
import dev.sorobanbridge.abi.EventId;
import dev.sorobanbridge.abi.EventDecoder;
import dev.sorobanbridge.abi.RawEvent;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.Gap;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.indexer.rpc.EventsPage;
import dev.sorobanbridge.indexer.rpc.EventsRequest;
import dev.sorobanbridge.indexer.rpc.RpcErrorException;
import dev.sorobanbridge.indexer.rpc.RpcException;
import dev.sorobanbridge.indexer.rpc.RpcHealth;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the leader does while it holds the log's writer: follow the RPC's paging cursor and append
 * each page, with the cursor after it, in one transaction. The in-memory cursor only ever moves
 * to what was just committed, so a failed call or a crash at any instant resumes exactly there.
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
     */
    void catchUp() throws RpcException {
        if (cursor == null) {
            cursor = resolveStart();
        }
        int pages = 0;
        int stored = 0;
        while (true) {
            if (oldestRetained != null && oldestRetained > cursor.ledger()) {
                restartAtOldest(oldestRetained);
            }
            EventsRequest request = cursor.rpcCursor() != null
                    ? EventsRequest.after(cursor.rpcCursor(), contractIds, pageSize)
                    : EventsRequest.fromLedger(cursor.ledger(), contractIds, pageSize);
            Instant sentAt = clock.instant();
            EventsPage page;
            try {
                page = rpc.getEvents(request);
            } catch (RpcErrorException e) {
                var range = e.ledgerRange();
                // The RPC starts at the cursor's ledger; older than its oldest means it was pruned.
                if (range.isPresent() && cursor.ledger() < range.get().oldest()) {
                    restartAtOldest(range.get().oldest());
                    continue;
                }
                throw e;
            }
            schedule.observe(sentAt, page.latestLedger(), page.latestLedgerCloseTime());
            metrics.latestLedger(page.latestLedger());
            if (page.oldestLedger() != null) {
                oldestRetained = page.oldestLedger();
            }
            boolean moved = !page.cursor().equals(cursor.rpcCursor());
            if (moved || !page.events().isEmpty()) {
                List<ActivityEvent> events = decode(page.events());
                Cursor next = new Cursor(page.cursor(), page.cursorLedger());
                writer.append(events, next);
                cursor = next;
                metrics.cursorLedger(next.ledger());
                metrics.stored(events);
                stored += events.size();
            }
            pages++;
            if (page.reachesLatest() || !moved) {
                break;
            }
        }
        if (pages > 1) {
            LOG.log(Level.INFO, "caught up to ledger {0,number,#} ({1} pages, {2} events stored)", cursor.ledger(), pages, stored);
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

    private List<ActivityEvent> decode(List<RawEvent> raws) {
        List<ActivityEvent> events = new ArrayList<>(raws.size());
        for (RawEvent raw : raws) {
            if (!raw.inSuccessfulContractCall()) {
                continue; // events of failed contract calls are never delivered (docs/design.md#activity-events)
            }
            DecodedEvent decoded = decoder.decode(raw);
            if (decoded.malformed()) {
                metrics.decodeFailure();
                LOG.log(Level.WARNING, "event {0} has malformed XDR ({1}); stored as {2}",
                        raw.id(), decoded.failure(), decoded.event().type());
            }
            events.add(decoded.event());
        }
        return events;
    }
}
