package dev.sorobanbridge.indexer.poll;

import dev.sorobanbridge.log.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

/**
 * A whole indexer node in its own JVM, for {@link IndexerCrashTest}: real SQLite log, real RPC
 * client and decoder, real {@link Indexer}. It runs until killed.
 *
 * <p>Arguments: {@code <sqlite file> <rpc url> <start ledger> <page size>}.
 */
public final class IndexerProcess {
    private IndexerProcess() {}

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        String rpcUrl = args[1];
        long startLedger = Long.parseLong(args[2]);
        int pageSize = Integer.parseInt(args[3]);
        Database db = Database.open(IndexerHarness.sqlite(file));
        Indexer indexer = IndexerHarness.indexer(IndexerHarness.settings(OptionalLong.of(startLedger), pageSize),
                db.eventLog(), rpcUrl, new SimpleMeterRegistry());
        indexer.start();
        new CountDownLatch(1).await(); // the indexer's thread is a daemon: keep the JVM up until killed
    }
}
