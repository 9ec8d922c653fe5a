package dev.sorobanbridge.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link RpcSimulator} runs.
 *
 * @param host              the loopback address to bind, normally {@code 127.0.0.1}
 * @param port              0 picks a free port
 * @param ledgerInterval    a ledger closes every interval; {@link Duration#ZERO} means manual:
 *                          only {@link RpcSimulator#closeLedger()} closes one (tests)
 * @param eventsPerLedger   average contract events per ledger (the actual count varies)
 * @param historyLedgers    ledgers already closed at start, with close times in the past at
 *                          ledger spacing, so a fresh demo has history; at least one is always closed
 * @param firstLedger       sequence of the first ledger
 * @param retentionLedgers  ledgers kept (stellar-rpc's {@code history-retention-window}); older
 *                          ones are dropped with their events, so memory stays bounded
 * @param seed              everything generated (addresses, contract ids, events) follows from it
 * @param faults            fault injection at start; change it later with {@link RpcSimulator#setFaults}
 * @param networkPassphrase what {@code getNetwork} answers
 */
public record SimulatorOptions(String host, int port, Duration ledgerInterval, double eventsPerLedger,
                               int historyLedgers, long firstLedger, long retentionLedgers, long seed,
                               Faults faults, String networkPassphrase) {
    /** Stellar's ledger cadence; also the close-time spacing of pre-closed history in manual mode. */
    public static final Duration STELLAR_LEDGER_INTERVAL = Duration.ofSeconds(5);
    /** stellar-rpc's {@code OneDayOfLedgers}. */
    public static final long ONE_DAY_OF_LEDGERS = 17_280;
    public static final String STANDALONE_PASSPHRASE = "Standalone Network ; February 2017";

    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ledgerInterval, "ledgerInterval");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(networkPassphrase, "networkPassphrase");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (ledgerInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "ledgerInterval must be zero (manual) or positive, got " + ledgerInterval);
        }
        if (!(eventsPerLedger >= 0) || Double.isInfinite(eventsPerLedger)) {
            throw new IllegalArgumentException("eventsPerLedger must be zero or positive, got " + eventsPerLedger);
        }
        if (historyLedgers < 0) {
            throw new IllegalArgumentException("historyLedgers must be zero or positive, got " + historyLedgers);
        }
        if (firstLedger < 2 || firstLedger > 0xFFFF_FFFFL) {
            // ledger 1 is genesis, which carries no events on a real network
            throw new IllegalArgumentException("firstLedger must be 2..4294967295, got " + firstLedger);
        }
        if (retentionLedgers < 1) {
            throw new IllegalArgumentException("retentionLedgers must be at least 1, got " + retentionLedgers);
        }
    }

    /**
     * The product's {@code --demo}: a ledger every 5 s with about 3 events each, an hour of
     * history, a day of retention, a fixed seed (the same addresses every run).
     */
    public static SimulatorOptions demo() {
        return new SimulatorOptions("127.0.0.1", 0, STELLAR_LEDGER_INTERVAL, 3.0, 720, 3_800_000,
                ONE_DAY_OF_LEDGERS, 1, Faults.none(), STANDALONE_PASSPHRASE);
    }

    /** Manual ledger closing, no history beyond the first ledger: for deterministic tests. */
    public static SimulatorOptions manual(long seed) {
        return demo().with(o -> {
            o.ledgerInterval = Duration.ZERO;
            o.historyLedgers = 0;
            o.seed = seed;
        });
    }

    /**
     * A copy with some fields changed, e.g. {@code demo().with(o -> o.ledgerInterval = Duration.ZERO)}; the copy
     * is validated as any other. The one way to derive options, so the constructor is called in one place.
     */
    public SimulatorOptions with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** The fields of {@link SimulatorOptions} while a copy is being changed (see the record for each one's meaning). */
    public static final class Builder {
        public String host;
        public int port;
        public Duration ledgerInterval;
        public double eventsPerLedger;
        public int historyLedgers;
        public long firstLedger;
        public long retentionLedgers;
        public long seed;
        public Faults faults;
        public String networkPassphrase;

        private Builder(SimulatorOptions o) {
            host = o.host;
            port = o.port;
            ledgerInterval = o.ledgerInterval;
            eventsPerLedger = o.eventsPerLedger;
            historyLedgers = o.historyLedgers;
            firstLedger = o.firstLedger;
            retentionLedgers = o.retentionLedgers;
            seed = o.seed;
            faults = o.faults;
            networkPassphrase = o.networkPassphrase;
        }

        private SimulatorOptions build() {
            return new SimulatorOptions(host, port, ledgerInterval, eventsPerLedger, historyLedgers, firstLedger,
                    retentionLedgers, seed, faults, networkPassphrase);
        }
    }

    /** Spacing of ledger close times: the interval, or Stellar's 5 s in manual mode. */
    Duration closeSpacing() {
        return ledgerInterval.isZero() ? STELLAR_LEDGER_INTERVAL : ledgerInterval;
    }
}
