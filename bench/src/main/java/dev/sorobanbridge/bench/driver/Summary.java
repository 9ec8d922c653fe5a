package dev.sorobanbridge.bench.driver;

import java.time.Duration;
import java.util.List;

/**
 * The one report of a run. Figures the run could not obtain (no server pid, no in-process
 * simulator) are null and printed as "n/a".
 *
 * @param setupRetries          login, ticket or first-connect attempts repeated after a network error
 * @param failures              the first few reasons streams failed, for the reader
 * @param lagSinceLedgerClosedAt ledger close (the event's whole-second ledgerClosedAt) → receipt
 * @param lagSinceExactClose     the simulator's sub-second close time → receipt
 * @param fanOutSpread           first receipt of an event by any stream → this stream's receipt
 * @param serverDeliveryLag      the server's own sse_delivery_lag_seconds (ledger close → written to the socket)
 * @param rpcCallsPerMinute      from the server's rpc_request_seconds_count, over the window
 * @param serverCpuPercent       server CPU over the window, 100 = one core
 * @param heapBaselineKib        server heap after a full GC before any stream opened
 * @param heapHeldKib            server heap after a full GC with every stream open and idle
 * @param heapEndKib             server heap after a full GC at the end of the window, streams still open
 * @param windowReceipts         events received by all streams during the window
 * @param socketsHeld            the server's sockets (kernel memory) with every stream open, before the window
 * @param socketsEnd             the same at the end of the window
 */
public record Summary(int streamsRequested, int streamsOpened, int streamsFailed, int streamsLost, int slowStreams,
                      int reconnects, int resets, int setupRetries, List<String> failures,
                      Duration window, long eventsReceived, long expectedDeliveries, long duplicates, long outOfOrder,
                      long missing, long unexpected, int streamsWithMissing,
                      LatencyHistogram.Percentiles lagSinceLedgerClosedAt,
                      LatencyHistogram.Percentiles lagSinceExactClose,
                      LatencyHistogram.Percentiles fanOutSpread, ServerLag serverDeliveryLag,
                      Double rpcCallsPerMinute, Long slowConsumerDisconnects,
                      Long serverRssStartKib, Long serverRssHeldKib, Long serverRssMaxKib, Long serverRssEndKib,
                      Integer serverThreads, Double serverCpuPercent,
                      Long heapBaselineKib, Long heapHeldKib, Long heapEndKib, long windowReceipts,
                      ServerSockets.Figures socketsHeld, ServerSockets.Figures socketsEnd) {

    /** Server CPU time over the window divided by the events delivered in it, in microseconds. */
    public Double cpuMicrosPerDelivery() {
        if (serverCpuPercent == null || windowReceipts == 0) return null;
        return serverCpuPercent / 100.0 * window.toNanos() / 1000.0 / windowReceipts;
    }

    /** Heap per open stream: (held − baseline) / streams opened. */
    public Double heapPerStreamKib() {
        if (heapBaselineKib == null || heapHeldKib == null || streamsOpened == 0) return null;
        return (heapHeldKib - heapBaselineKib) / (double) streamsOpened;
    }

    /** True when every stream opened and received exactly what it was owed. */
    public boolean clean() {
        return streamsFailed == 0 && streamsLost == 0 && duplicates == 0 && outOfOrder == 0 && missing == 0
                && unexpected == 0;
    }

    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("=== SSE load summary ===\n");
        s.append("streams            requested ").append(streamsRequested).append(", opened ").append(streamsOpened)
                .append(", failed ").append(streamsFailed).append(", lost after open ").append(streamsLost)
                .append(", slow (not reading) ").append(slowStreams).append('\n');
        s.append("                   reconnects ").append(reconnects).append(", resets ").append(resets)
                .append(", login/ticket/connect retries after a network error ").append(setupRetries).append('\n');
        for (String f : failures) s.append("  failure          ").append(f).append('\n');
        s.append("window             ").append(window.toMillis() / 1000.0).append(" s after all streams opened\n");
        s.append("events received    ").append(eventsReceived).append(" (owed to reading streams: ")
                .append(expectedDeliveries).append(")\n");
        s.append("duplicates         ").append(duplicates).append(", out of order ").append(outOfOrder).append('\n');
        s.append("missing            ").append(missing).append(" (in ").append(streamsWithMissing)
                .append(" streams), unexpected ").append(unexpected).append('\n');
        s.append("lag close→receipt  ").append(na(lagSinceLedgerClosedAt)).append("  [ledgerClosedAt, whole seconds]\n");
        s.append("lag close→receipt  ").append(na(lagSinceExactClose)).append("  [exact simulator close time]\n");
        s.append("fan-out spread     ").append(na(fanOutSpread)).append("  [first receipt by any stream → receipt]\n");
        s.append("server write lag   ").append(na(serverDeliveryLag))
                .append("  [server's sse_delivery_lag_seconds: ledger close → written]\n");
        s.append("rpc calls/min      ").append(rpcCallsPerMinute == null ? "n/a" : String.format("%.1f", rpcCallsPerMinute))
                .append('\n');
        s.append("slow disconnects   ").append(na(slowConsumerDisconnects)).append(" [server metric]\n");
        s.append("server RSS         start ").append(mib(serverRssStartKib)).append(", held ").append(mib(serverRssHeldKib))
                .append(", max ").append(mib(serverRssMaxKib)).append(", end ").append(mib(serverRssEndKib)).append('\n');
        s.append("server CPU         ").append(serverCpuPercent == null ? "n/a" : String.format("%.1f %%", serverCpuPercent))
                .append(" of one core over the window; threads ").append(na(serverThreads)).append('\n');
        s.append("cpu per delivery   ").append(cpuMicrosPerDelivery() == null ? "n/a"
                        : String.format("%.2f µs", cpuMicrosPerDelivery()))
                .append(" (server CPU over the window / ").append(windowReceipts).append(" receipts in it)\n");
        s.append("server sockets     held: ").append(na(socketsHeld)).append("\n");
        s.append("                   end:  ").append(na(socketsEnd)).append("  [ss -tm on the server's port]\n");
        s.append("server heap (GC'd) baseline ").append(mib(heapBaselineKib)).append(", held ").append(mib(heapHeldKib))
                .append(", end of window ").append(mib(heapEndKib))
                .append(", per stream ").append(heapPerStreamKib() == null ? "n/a"
                        : String.format("%.1f KiB", heapPerStreamKib())).append('\n');
        s.append("result             ").append(clean() ? "CLEAN (no loss, no duplicates)" : "NOT CLEAN").append('\n');
        return s.toString();
    }

    private static String na(Object o) {
        return o == null ? "n/a" : o.toString();
    }

    private static String mib(Long kib) {
        return kib == null ? "n/a" : String.format("%.1f MiB", kib / 1024.0);
    }
}
