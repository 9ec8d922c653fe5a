package dev.sorobanbridge.indexer.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.log.Cursor;
import dev.sorobanbridge.log.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.sorobanbridge.indexer.poll.IndexerHarness.await;
import static dev.sorobanbridge.indexer.poll.IndexerHarness.storedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety with real processes: an indexer JVM backfilling a long history is killed with
 * SIGKILL at random moments and restarted, again and again. However the kills land (waiting for an
 * answer, decoding, inside the SQLite transaction), the log ends holding every event exactly once,
 * in order.
 */
class IndexerCrashTest {
    private static final long OLDEST = 1_000;
    private static final long LATEST = 40_000;
    private static final int PAGE_SIZE = 20;
    private static final int KILLS = 12;

    @TempDir
    Path dir;

    @Test
    void killingTheIndexerAtRandomMomentsNeitherLosesNorDuplicatesEvents() throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        try (SimulatedRpc rpc = new SimulatedRpc(OLDEST, LATEST, Duration.ofSeconds(5))) {
            int events = addHistory(rpc);
            rpc.delayGetEvents(30); // ~60 full pages and four empty windows take a few seconds
            Path file = dir.resolve("events.db");
            Path output = dir.resolve("indexer.log");
            List<Long> cursorAtKill = new ArrayList<>();

            for (int kill = 0; kill < KILLS; kill++) {
                int callsBefore = rpc.calls("getEvents").size();
                int pagesToWaitFor = 1 + random.nextInt(3);
                Process indexer = launch(file, rpc.url(), output);
                await(Duration.ofSeconds(20), () -> rpc.calls("getEvents").size() >= callsBefore + pagesToWaitFor,
                        () -> "the indexer process to request " + pagesToWaitFor + " pages; its output:\n" + tail(output));
                Thread.sleep(random.nextInt(60));
                indexer.destroyForcibly();
                assertTrue(indexer.waitFor(10, TimeUnit.SECONDS));
                cursorAtKill.add(cursorLedger(file));
            }

            System.out.println("indexer crash test (seed " + seed + "): cursor ledger after each kill " + cursorAtKill);
            Process indexer = launch(file, rpc.url(), output);
            try (Database db = IndexerHarness.open(file)) {
                IndexerHarness.awaitCursorLedger(db.eventLog(), LATEST, Duration.ofSeconds(30));
                List<String> ids = storedIds(db.eventLog());
                assertEquals(events, ids.size(), "seed " + seed);
                assertEquals(rpc.deliverableIds(OLDEST, LATEST), ids, "every event once, in order (seed " + seed + ")");
            } finally {
                indexer.destroyForcibly();
                indexer.waitFor(10, TimeUnit.SECONDS);
            }
            assertTrue(cursorAtKill.getLast() < LATEST, "the kills landed mid-backfill: " + cursorAtKill);
            assertTrue(cursorAtKill.stream().distinct().count() >= 3, "progress between kills: " + cursorAtKill);
        }
    }

    /** 1,200 events, in bursts over the first half of the history, then four empty scan windows. */
    private static int addHistory(SimulatedRpc rpc) {
        Instant base = Instant.parse("2026-11-22T00:00:00Z");
        int count = 0;
        for (long ledger = OLDEST + 1; count < 1_200; ledger += 7) {
            Instant closedAt = base.plusSeconds(5 * ledger);
            List<ObjectNode> tx = List.of(
                    AsteraEvents.invoiceCreated(ledger, 1, ledger, 1_000 + ledger, closedAt),
                    AsteraEvents.invoiceFunded(ledger, 2, ledger, closedAt),
                    AsteraEvents.poolFunded(ledger, 2, ledger, 990 + ledger, closedAt));
            tx.forEach(rpc::add);
            count += tx.size();
        }
        return count;
    }

    private static Process launch(Path file, String rpcUrl, Path output) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx256m"));
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.addAll(List.of(IndexerProcess.class.getName(), file.toString(), rpcUrl, String.valueOf(OLDEST),
                String.valueOf(PAGE_SIZE)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
    }

    private static long cursorLedger(Path file) {
        try (Database db = IndexerHarness.open(file)) {
            return db.eventLog().cursor().map(Cursor::ledger).orElse(0L);
        }
    }

    private static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
