package dev.sorobanbridge.bench.driver;

import org.stellar.sdk.KeyPair;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The SSE load driver: opens the streams, holds them for the window while measuring, checks
 * every reading stream for loss and duplicates against {@code /events/history}, and returns one
 * {@link Summary}. {@code main} runs it against a server that is already up.
 */
public final class LoadDriver {
    private static final System.Logger LOG = System.getLogger(LoadDriver.class.getName());
    private static final Duration READY_WAIT = Duration.ofSeconds(90);
    private static final Duration OPEN_GRACE = Duration.ofSeconds(60);
    private static final long FILTER_SEED = 42;
    private static final String RPC_CALLS = "rpc_request_seconds_count";

    private final DriverOptions options;
    private final LongFunction<Optional<Instant>> exactCloseTimes;

    /** @param exactCloseTimes precise ledger close times (an in-process simulator), or null */
    public LoadDriver(DriverOptions options, LongFunction<Optional<Instant>> exactCloseTimes) {
        this.options = options;
        this.exactCloseTimes = exactCloseTimes;
    }

    public static void main(String[] args) throws InterruptedException {
        DriverOptions options;
        try {
            options = DriverOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load driver: " + e.getMessage());
            System.exit(2);
            return;
        }
        Summary summary = new LoadDriver(options, null).run();
        System.out.print(summary.render());
        System.exit(summary.clean() ? 0 : 1);
    }

    public Summary run() throws InterruptedException {
        try (BridgeClient bridge = new BridgeClient(options.url())) {
            awaitReady(bridge);
            Login login = Login.of(options.login(), bridge);
            String token = login.tokenFor(KeyPair.random());
            EventSample sample = sample(bridge, token);
            List<StreamFilter> filters = options.filters().assign(options.streams(), sample, FILTER_SEED);
            ProcessProbe server = options.serverPid() > 0 ? new ProcessProbe(options.serverPid()) : null;
            Receipts receipts = new Receipts(exactCloseTimes);
            return new Run(bridge, login, token, receipts, server).execute(filters);
        }
    }

    /** One run's moving parts and measurements. */
    private final class Run {
        private final BridgeClient bridge;
        private final Login login;
        private final String token;
        private final Receipts receipts;
        private final ProcessProbe server;
        private final List<StreamClient> clients = new ArrayList<>();
        private final ServerSockets sockets = new ServerSockets(options.url().getPort());
        private long rssMax;

        Run(BridgeClient bridge, Login login, String token, Receipts receipts, ProcessProbe server) {
            this.bridge = bridge;
            this.login = login;
            this.token = token;
            this.receipts = receipts;
            this.server = server;
        }

        Summary execute(List<StreamFilter> filters) throws InterruptedException {
            Long rssStart = rss();
            Long heapBaseline = heap();
            CountDownLatch openedOrFailed = new CountDownLatch(filters.size());
            CountDownLatch stop = new CountDownLatch(1);
            int slowCount = (int) Math.round(filters.size() * options.slowFraction());
            int slowAssigned = 0;
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                long rampNanos = options.ramp().toNanos();
                long started = System.nanoTime();
                for (int i = 0; i < filters.size(); i++) {
                    // Slow clients are spread through the population, not bunched at the end of the ramp.
                    boolean slow = slowAssigned < slowCount && i % Math.max(1, filters.size() / slowCount) == 0;
                    if (slow) slowAssigned++;
                    StreamClient client = new StreamClient(filters.get(i), slow, options.url(), bridge, login, receipts,
                            openedOrFailed, stop);
                    clients.add(client);
                    long due = started + rampNanos * i / filters.size();
                    long wait = due - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                    threads.submit(client);
                }
                openedOrFailed.await(options.ramp().plus(OPEN_GRACE).toMillis(), TimeUnit.MILLISECONDS);
                LOG.log(System.Logger.Level.INFO, "streams open: " + clients.stream().filter(StreamClient::opened).count()
                        + " of " + clients.size());

                Long heapHeld = heap();
                Long rssHeld = rss();
                ServerSockets.Figures socketsHeld = sockets.read().orElse(null);
                String metricsBefore = metricsText();
                double rpcBefore = PrometheusText.sum(metricsBefore, RPC_CALLS);
                Optional<ProcessProbe.Sample> cpuBefore = server == null ? Optional.empty() : server.sample();
                long windowStart = System.nanoTime();
                receipts.startMeasuring();
                long windowEnd = windowStart + options.duration().toNanos();
                while (System.nanoTime() < windowEnd) {
                    TimeUnit.MILLISECONDS.sleep(Math.min(1000, Math.max(1, (windowEnd - System.nanoTime()) / 1_000_000)));
                    rss();
                }
                receipts.stopMeasuring();
                Duration window = Duration.ofNanos(System.nanoTime() - windowStart);
                String metricsAfter = metricsText();
                double rpcAfter = PrometheusText.sum(metricsAfter, RPC_CALLS);
                Optional<ProcessProbe.Sample> cpuAfter = server == null ? Optional.empty() : server.sample();
                ServerSockets.Figures socketsEnd = sockets.read().orElse(null);
                Long heapEnd = heap();

                DeliveryCheck.Result check = new DeliveryCheck(bridge, token, receipts)
                        .run(clients, options.settle().toMillis());
                Long rssEnd = rss();
                stop.countDown();
                clients.forEach(StreamClient::stop);
                String metrics = metricsText();
                ServerLag serverLag = ServerLag.between(metricsBefore, metricsAfter);
                return summary(window, check, rpcBefore, rpcAfter, cpuBefore, cpuAfter, metrics, serverLag,
                        rssStart, rssHeld, rssEnd, heapBaseline, heapHeld, heapEnd, socketsHeld, socketsEnd);
            }
        }

        private Summary summary(Duration window, DeliveryCheck.Result check, double rpcBefore, double rpcAfter,
                                Optional<ProcessProbe.Sample> cpuBefore, Optional<ProcessProbe.Sample> cpuAfter,
                                String metrics, ServerLag serverLag, Long rssStart, Long rssHeld, Long rssEnd, Long heapBaseline, Long heapHeld,
                                Long heapEnd, ServerSockets.Figures socketsHeld, ServerSockets.Figures socketsEnd) {
            int opened = 0, failed = 0, lost = 0, slow = 0, reconnects = 0, resets = 0, retries = 0;
            long duplicates = 0, outOfOrder = 0;
            Set<String> failures = new LinkedHashSet<>();
            for (StreamClient c : clients) {
                if (c.opened()) opened++;
                if (c.slow()) slow++;
                if (c.failure() != null) {
                    if (c.opened()) lost++; else failed++;
                    if (failures.size() < 5) failures.add(c.failure());
                }
                reconnects += c.reconnects();
                resets += c.resets();
                retries += c.setupRetries();
                duplicates += c.duplicates();
                outOfOrder += c.outOfOrder();
            }
            Double rpcPerMinute = Double.isNaN(rpcBefore) || Double.isNaN(rpcAfter) ? null
                    : (rpcAfter - rpcBefore) / (window.toMillis() / 60_000.0);
            Double cpuPercent = cpuBefore.isPresent() && cpuAfter.isPresent()
                    ? 100.0 * (cpuAfter.get().cpuSeconds() - cpuBefore.get().cpuSeconds())
                      / ((cpuAfter.get().atNanos() - cpuBefore.get().atNanos()) / 1e9)
                    : null;
            double slowDisconnects = PrometheusText.sum(metrics, "sse_slow_consumer_disconnects_total");
            return new Summary(clients.size(), opened, failed, lost, slow, reconnects, resets, retries, List.copyOf(failures),
                    window, receipts.total(), check.expectedDeliveries(), duplicates, outOfOrder, check.missing(),
                    check.unexpected(), check.streamsWithMissing(),
                    receipts.sinceLedgerClosedAt.percentiles(), receipts.sinceExactClose.percentiles(),
                    receipts.sinceFirstReceipt.percentiles(), serverLag, rpcPerMinute,
                    Double.isNaN(slowDisconnects) ? null : (long) slowDisconnects,
                    rssStart, rssHeld, rssMax == 0 ? null : rssMax, rssEnd,
                    cpuAfter.map(ProcessProbe.Sample::threads).orElse(null), cpuPercent, heapBaseline, heapHeld, heapEnd,
                    receipts.totalWhileMeasuring(), socketsHeld, socketsEnd);
        }

        private Long rss() {
            if (server == null) return null;
            Optional<ProcessProbe.Sample> s = server.sample();
            s.ifPresent(v -> rssMax = Math.max(rssMax, v.rssKib()));
            return s.map(ProcessProbe.Sample::rssKib).orElse(null);
        }

        private Long heap() {
            if (server == null) return null;
            var heap = server.heapAfterGcKib();
            return heap.isPresent() ? heap.getAsLong() : null;
        }

        private String metricsText() {
            try {
                return bridge.metrics();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot read /metrics: " + e.getMessage());
                return "";
            }
        }
    }

    private void awaitReady(BridgeClient bridge) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (!bridge.ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(options.url() + "/health/ready did not answer 200 within " + READY_WAIT);
            }
            Thread.sleep(250);
        }
    }

    /** Invoice ids and wallets from the log, waiting for the first events if it is still empty. */
    private static EventSample sample(BridgeClient bridge, String token) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (true) {
            BridgeClient.HistoryPage page = bridge.history(token, "", null, 1000);
            if (!page.events().isEmpty() || System.nanoTime() > deadline) {
                Set<String> invoices = new LinkedHashSet<>();
                Set<String> wallets = new LinkedHashSet<>();
                for (BridgeClient.HistoryEvent e : page.events()) {
                    if (e.invoiceId() != null) invoices.add(e.invoiceId());
                    wallets.addAll(e.wallets());
                }
                return new EventSample(new ArrayList<>(invoices), new ArrayList<>(wallets));
            }
            Thread.sleep(500);
        }
    }
}
