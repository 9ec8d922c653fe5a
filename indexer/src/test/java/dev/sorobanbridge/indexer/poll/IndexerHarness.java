package dev.sorobanbridge.indexer.poll;

import dev.sorobanbridge.abi.EventDecoder;
import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.log.EventLog;
import dev.sorobanbridge.log.EventQuery;
import dev.sorobanbridge.log.StoredEvent;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;
import dev.sorobanbridge.log.store.Database;
import dev.sorobanbridge.testsupport.AsteraKeys;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.OkHttpClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Wiring for indexer tests: a real SQLite event log, the real decoder, the real RPC client. */
final class IndexerHarness {
    /** Client timeouts short enough that a timeout test stays quick. */
    static final Duration RPC_TIMEOUT = Duration.ofMillis(700);

    private IndexerHarness() {}

    static AppConfig.Storage sqlite(Path file) {
        return new AppConfig.Storage(AppConfig.StorageKind.SQLITE, file, null, null, 4, Duration.ofSeconds(5), null, 0);
    }

    static AppConfig.Indexer settings(OptionalLong startLedger, int pageSize) {
        return new AppConfig.Indexer(startLedger, Duration.ofMillis(500), pageSize, 10, Duration.ofMinutes(5));
    }

    static StellarRpcClient rpcClient(String url, MeterRegistry metrics) {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(RPC_TIMEOUT).callTimeout(RPC_TIMEOUT).build();
        return new StellarRpcClient(http, URI.create(url), metrics);
    }

    static Indexer indexer(AppConfig.Indexer settings, EventLog log, String rpcUrl, MeterRegistry metrics) {
        return new Indexer(settings, new AppConfig.Contracts(AsteraKeys.INVOICE_CONTRACT, AsteraKeys.POOL_CONTRACT), log,
                new EventDecoder(AsteraKeys.INVOICE_CONTRACT, AsteraKeys.POOL_CONTRACT), rpcClient(rpcUrl, metrics), metrics,
                Clock.systemUTC());
    }

    static List<StoredEvent> stored(EventLog log) {
        return log.readStored(EventQuery.all(null, 100_000));
    }

    static List<String> storedIds(EventLog log) {
        return stored(log).stream().map(StoredEvent::id).toList();
    }

    /** Waits until a page reaching {@code ledger} has been appended (not just a start position). */
    static void awaitCursorLedger(EventLog log, long ledger, Duration timeout) {
        await(timeout, () -> log.cursor().map(c -> c.rpcCursor() != null && c.ledger() >= ledger).orElse(false),
                () -> "a page reaching ledger " + ledger + " to be appended, the cursor is " + log.cursor());
    }

    static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static Database open(Path file) {
        return Database.open(sqlite(file));
    }
}
