package dev.sorobanbridge.indexer.poll;

import dev.sorobanbridge.abi.EventDecoder;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.LogUnavailableException;
import dev.sorobanbridge.log.LogWriter;
import dev.sorobanbridge.indexer.rpc.EventsRequest;
import dev.sorobanbridge.indexer.rpc.RpcException;
import dev.sorobanbridge.indexer.rpc.RpcHttpException;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;
import io.micrometer.core.instrument.MeterRegistry;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Polls Stellar RPC for the invoice and pool contracts' events and appends them, decoded, to the
 * event log. Runs on its own thread between {@link #start()} and {@link #close()}.
 *
 * <p>Only the holder of the log's writer polls: a node that cannot get it stands by and tries
 * again every second, and a leader whose writer becomes invalid drops it and does the same. RPC
 * faults (timeouts, HTTP errors, JSON-RPC errors, malformed answers) are logged one line each and
 * retried with jittered exponential backoff; they never move the cursor.
 */
public final class Indexer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Indexer.class.getName());
    static final Duration STANDBY_RETRY = Duration.ofSeconds(1);
    private static final Duration BACKOFF_BASE = Duration.ofMillis(500);
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final AppConfig.Indexer settings;
    private final List<String> contractIds;
    private final EventLog log;
    private final EventDecoder decoder;
    private final StellarRpcClient rpc;
    private final Clock clock;
    private final IndexerMetrics metrics;
    private final PollSchedule schedule;
    private final Backoff backoff = new Backoff(BACKOFF_BASE, BACKOFF_CAP, RandomGenerator.getDefault());
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;

    private volatile Instant lastPollAt;
    private volatile String lastError;

    /**
     * @param contracts the invoice and pool contract ids to poll (at least one must be set)
     * @param decoder   built for the same contract ids
     */
    public Indexer(AppConfig.Indexer settings, AppConfig.Contracts contracts, EventLog log, EventDecoder decoder,
                   StellarRpcClient rpc, MeterRegistry metrics, Clock clock) {
        if (settings.pageSize() < 1 || settings.pageSize() > EventsRequest.MAX_LIMIT) {
            throw new IllegalArgumentException("indexer.page-size must be between 1 and " + EventsRequest.MAX_LIMIT
                    + ", got " + settings.pageSize());
        }
        this.settings = settings;
        this.contractIds = Stream.of(contracts.invoice(), contracts.pool()).filter(Objects::nonNull).distinct().toList();
        if (contractIds.isEmpty()) {
            throw new IllegalArgumentException("the indexer needs the invoice or pool contract id");
        }
        this.log = log;
        this.decoder = decoder;
        this.rpc = rpc;
        this.clock = clock;
        this.metrics = new IndexerMetrics(metrics);
        this.schedule = new PollSchedule(clock, settings.pollInterval());
        this.thread = Thread.ofPlatform().name("indexer").daemon(true).unstarted(this::run);
    }

    /** Starts polling (or standing by) on the indexer's own thread. */
    public void start() {
        thread.start();
    }

    public IndexerStatus status() {
        return new IndexerStatus(metrics.leader(), metrics.latestLedger(), metrics.cursorLedger(), metrics.lagLedgers(),
                lastPollAt, lastError);
    }

    /** Stops polling, waits for an in-flight call to finish, and gives up the writer. */
    @Override
    public void close() {
        stopping.countDown();
        try {
            thread.join(STOP_TIMEOUT);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            metrics.close();
        }
    }

    private void run() {
        LOG.log(Level.INFO, "indexer started for contracts {0}", contractIds);
        boolean standingBy = false;
        while (!stopped()) {
            Optional<LogWriter> writer;
            try {
                writer = log.tryAcquireWriter();
            } catch (LogUnavailableException e) {
                fault("event log unreachable: " + e.getMessage());
                pause(STANDBY_RETRY);
                continue;
            }
            if (writer.isEmpty()) {
                if (!standingBy) {
                    LOG.log(Level.INFO, "standby: another indexer writes the event log; trying again every {0} s",
                            STANDBY_RETRY.toSeconds());
                    standingBy = true;
                }
                pause(STANDBY_RETRY);
                continue;
            }
            standingBy = false;
            try (LogWriter leaderWriter = writer.get()) {
                lead(leaderWriter);
            } catch (LogUnavailableException e) {
                fault("lost the event log writer (" + e.getMessage() + "); standing by");
                pause(STANDBY_RETRY);
            } catch (RuntimeException e) {
                // Never let a bug kill the thread silently: report it, back off, start over.
                LOG.log(Level.ERROR, "indexer failed unexpectedly; restarting its leadership term", e);
                lastError = e.toString();
                pause(backoff.next());
            } finally {
                metrics.leader(false);
            }
        }
        LOG.log(Level.INFO, "indexer stopped");
    }

    /** One leadership term: polls until the writer becomes invalid or the indexer stops. */
    private void lead(LogWriter writer) {
        metrics.leader(true);
        LOG.log(Level.INFO, "leader: this node now polls the RPC and writes the event log");
        IngestSession session = new IngestSession(writer, log, decoder, rpc, contractIds, settings.pageSize(),
                settings.startLedger(), schedule, metrics, clock);
        Instant nextPoll = clock.instant();
        Instant nextHealthCheck = clock.instant();
        while (awaitNextPoll(nextPoll, writer)) {
            if (!clock.instant().isBefore(nextHealthCheck)) {
                checkHealth(session);
                nextHealthCheck = clock.instant().plus(settings.healthCheckInterval());
            }
            try {
                session.catchUp();
                backoff.reset();
                lastPollAt = clock.instant();
                lastError = null;
                nextPoll = schedule.nextPollAt();
            } catch (RpcException e) {
                Duration wait = backoff.next();
                if (e instanceof RpcHttpException http && http.retryAfter().isPresent()
                        && http.retryAfter().get().compareTo(wait) > 0) {
                    wait = http.retryAfter().get();
                }
                fault(e.getMessage() + "; retrying in " + wait.toMillis() + " ms (failure " + backoff.failures() + ")");
                nextPoll = clock.instant().plus(wait);
            }
        }
        if (!stopped()) {
            fault("the event log writer is no longer valid (lost the leader lock); trying to acquire it again");
        }
    }

    /** getHealth only reports the retention window; a failure here does not hold up polling. */
    private void checkHealth(IngestSession session) {
        try {
            session.observe(rpc.getHealth());
        } catch (RpcException e) {
            LOG.log(Level.WARNING, "{0}; polling goes on", e.getMessage());
        }
    }

    private void fault(String message) {
        lastError = message;
        LOG.log(Level.WARNING, message);
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    /**
     * Waits until {@code at}, checking the writer at least every {@link #STANDBY_RETRY}: a leader whose
     * lock was lost must stop reporting itself leader before a standby takes over, not at its next poll.
     * False when stopping or when the writer is no longer valid.
     */
    private boolean awaitNextPoll(Instant at, LogWriter writer) {
        while (writer.isValid()) {
            Duration left = Duration.between(clock.instant(), at);
            if (left.isNegative() || left.isZero()) return true;
            if (!pause(left.compareTo(STANDBY_RETRY) < 0 ? left : STANDBY_RETRY)) return false;
        }
        return false;
    }

    private boolean pause(Duration duration) {
        try {
            long nanos = Math.max(0, duration.toNanos());
            return !stopping.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
