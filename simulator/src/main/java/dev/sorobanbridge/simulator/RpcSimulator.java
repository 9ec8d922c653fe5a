package dev.sorobanbridge.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sorobanbridge.abi.EventCatalogue;
import dev.sorobanbridge.simulator.activity.Actors;
import dev.sorobanbridge.simulator.activity.AsteraActivity;
import dev.sorobanbridge.simulator.chain.Chain;
import dev.sorobanbridge.simulator.chain.ClosedLedger;
import dev.sorobanbridge.simulator.chain.EventPosition;
import dev.sorobanbridge.simulator.rpc.FaultInjector;
import dev.sorobanbridge.simulator.rpc.LedgerAccounts;
import dev.sorobanbridge.simulator.rpc.RpcHttpHandler;
import dev.sorobanbridge.simulator.rpc.RpcMethods;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stellar.sdk.KeyPair;

/**
 * An offline Stellar RPC: a real JSON-RPC 2.0 server over HTTP on a loopback port that answers
 * {@code getEvents}, {@code getLatestLedger}, {@code getHealth}, {@code getNetwork} and (for the
 * accounts added with {@link #putAccount}) {@code getLedgerEntries} like
 * stellar-rpc, while closing a ledger every interval with a steady mix of Astera invoice and pool
 * contract events. Everything generated follows from the seed. Thread-safe.
 */
public final class RpcSimulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RpcSimulator.class.getName());

    private final SimulatorOptions options;
    private final Actors actors;
    private final Chain chain;
    private final LedgerCloser closer;
    private final FaultInjector faults;
    private final LedgerAccounts accounts;
    private final WebServer server;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RpcSimulator(SimulatorOptions options) {
        this.options = options;
        this.actors = new Actors(options.seed());
        this.chain = new Chain(options.retentionLedgers());
        this.closer = new LedgerCloser(new AsteraActivity(actors, options.seed(),
                options.eventsPerLedger(), EventCatalogue.load()), chain,
                options.firstLedger(), options.seed());
        this.faults = new FaultInjector(options.faults());
        preCloseHistory();
        ObjectMapper mapper = JsonMapper.builder().build();
        this.accounts = new LedgerAccounts(() -> chain.range().latest().sequence());
        RpcHttpHandler handler = new RpcHttpHandler(mapper, new RpcMethods(chain, options.retentionLedgers(),
                options.networkPassphrase(), accounts), faults);
        this.server = WebServer.builder()
                .host(options.host())
                .port(options.port())
                .routing(r -> r.post("/", handler))
                // Stopped by close(), in the owner's order: Helidon's own JVM hook would stop the RPC
                // before the indexer that polls it.
                .shutdownHook(false)
                .build()
                .start();
        this.scheduler = options.ledgerInterval().isZero() ? null : startClosing(options.ledgerInterval());
    }

    /** Starts the server (history already closed) and, unless manual, the ledger clock. */
    public static RpcSimulator start(SimulatorOptions options) {
        RpcSimulator simulator = new RpcSimulator(options);
        LOG.log(System.Logger.Level.INFO, "Simulated Stellar RPC at {0} (invoice {1}, pool {2}, ledgers {3}-{4})",
                simulator.url(), simulator.invoiceContractId(), simulator.poolContractId(),
                String.valueOf(simulator.chain.range().oldest().sequence()), String.valueOf(simulator.latestLedger()));
        return simulator;
    }

    /** The JSON-RPC endpoint, e.g. {@code http://127.0.0.1:PORT/}. */
    public URI url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return URI.create("http://" + host + ":" + server.port() + "/");
    }

    /** The invoice contract's C… id, fixed by the seed. */
    public String invoiceContractId() {
        return actors.invoiceContract();
    }

    /** The pool contract's C… id, fixed by the seed. */
    public String poolContractId() {
        return actors.poolContract();
    }

    /**
     * The busiest simulated wallet (an SME that also invests), with its secret key so a demo can
     * sign a SEP-10 challenge as it. It belongs to nobody on any real network.
     */
    public KeyPair demoWallet() {
        return actors.demoWallet();
    }

    public String networkPassphrase() {
        return options.networkPassphrase();
    }

    public long latestLedger() {
        return chain.range().latest().sequence();
    }

    /** The oldest ledger still retained. */
    public long oldestLedger() {
        return chain.range().oldest().sequence();
    }

    /**
     * When a retained ledger closed, with sub-second precision (the RPC shows whole seconds), so
     * drivers can measure ledger-close-to-receipt lag.
     */
    public Optional<Instant> closeTimeOf(long ledger) {
        return chain.ledger(ledger).map(ClosedLedger::closedAt);
    }

    /**
     * Ground truth for loss checks: every retained event in the ledgers, in chain order, including
     * those from failed calls ({@code inSuccessfulContractCall=false}).
     */
    public List<SimulatedEvent> eventsBetween(long fromLedger, long toLedgerInclusive) {
        return chain.scan(EventPosition.startOf(fromLedger), toLedgerInclusive + 1, e -> true, Integer.MAX_VALUE);
    }

    /** Closes one ledger now (tests and manual mode; also allowed while the clock runs). */
    public void closeLedger() {
        closer.closeNow();
    }

    /** Changes fault injection from the next request on. */
    /** Adds or replaces an account on the chain (its signers and thresholds), served by getLedgerEntries. */
    public void putAccount(SimulatedAccount account) {
        accounts.put(account);
    }

    public void setFaults(Faults next) {
        faults.set(next);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        server.stop();
    }

    /** History with close times in the past, one spacing apart, the last one now. */
    private void preCloseHistory() {
        int ledgers = Math.max(1, options.historyLedgers());
        Duration spacing = options.closeSpacing();
        Instant now = Instant.now();
        for (int i = ledgers - 1; i >= 0; i--) {
            closer.closeAt(now.minus(spacing.multipliedBy(i)));
        }
    }

    private ScheduledExecutorService startClosing(Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rpc-simulator-ledger-closer");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        executor.scheduleAtFixedRate(this::closeScheduled, nanos, nanos, TimeUnit.NANOSECONDS);
        return executor;
    }

    private void closeScheduled() {
        try {
            closer.closeNow();
        } catch (RuntimeException e) {
            // an exception would cancel the schedule: log it and keep the chain moving
            LOG.log(System.Logger.Level.ERROR, "Closing a simulated ledger failed", e);
        }
    }
}
