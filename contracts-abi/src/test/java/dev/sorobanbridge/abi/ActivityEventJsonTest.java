package dev.sorobanbridge.abi;

import static dev.sorobanbridge.abi.ScVals.*;
import static dev.sorobanbridge.abi.TestEvents.*;
import static dev.sorobanbridge.testsupport.AsteraKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ActivityEventJsonTest {
    private final ActivityEventJson json = new ActivityEventJson();
    private final EventDecoder decoder = new EventDecoder(INVOICE_CONTRACT, POOL_CONTRACT);

    private ActivityEvent decode(String contractId, String namespace, String action, org.stellar.sdk.xdr.SCVal value) {
        return decoder.decode(raw(contractId, List.of(sym(namespace), sym(action)), value)).event();
    }

    @Test
    void wideNumbersAreStringsAndU32IsANumber() {
        ActivityEvent repaid = decode(POOL_CONTRACT, "pool", "repaid",
                vec(u64("18446744073709551615"), addr(SME), i128("100000000000000000000"), i128("-1"), u64(TS)));
        ActivityEvent rate = decode(POOL_CONTRACT, "pool", "rate_snap", vec(addr(USDC), u64(TS), u32(4_294_967_295L), u32(0)));

        String repaidJson = json.write(repaid);
        String rateJson = json.write(rate);

        assertTrue(repaidJson.contains("\"invoiceId\":\"18446744073709551615\""), repaidJson);
        assertTrue(repaidJson.contains("\"principal\":\"100000000000000000000\""), repaidJson);
        assertTrue(repaidJson.contains("\"interest\":\"-1\""), repaidJson);
        assertTrue(repaidJson.contains("\"timestamp\":\"2026-07-25T17:20:00Z\""), repaidJson);
        assertTrue(repaidJson.contains("\"ledgerClosedAt\":\"2026-07-25T17:20:00Z\""), repaidJson);
        assertTrue(repaidJson.contains("\"invalidate\":[[\"invoice-count\"],[\"invoice\",\"18446744073709551615\"]"), repaidJson);
        assertTrue(rateJson.contains("\"utilizationBps\":4294967295,\"rateBps\":0"), rateJson);
    }

    @Test
    void decodedEventsRoundTrip() {
        List<ActivityEvent> events = List.of(
                decode(INVOICE_CONTRACT, "invoice", "created", vec(u64(42), addr(SME), i128("1"), none(), u64(TS))),
                decode(POOL_CONTRACT, "POOL", "util_warn", vec(addr(USDC), u32(8500))),
                decode(contract(42), "reflector", "prices", vec(vec(variant("Other"), i128("5")), none(), bool(true))));

        for (ActivityEvent event : events) {
            assertEquals(event, json.read(json.write(event)), event.type());
        }
    }

    @Test
    void unreadableJsonIsRefusedWithAClearMessage() {
        String message = assertThrows(IllegalArgumentException.class, () -> json.read("{\"id\": [")).getMessage();

        assertTrue(message.startsWith("stored event is not valid activity-event JSON"), message);
    }

    /**
     * A thread that parsed an event and lives on (a stream's virtual thread lives as long as its
     * connection) holds no parser buffers: 1,000 such threads take no more heap than 1,000 that
     * parsed nothing. Jackson's default pool kept about 8 KiB per thread.
     */
    @Test
    void threadsThatParsedAnEventAndLiveOnHoldNoBuffers() throws InterruptedException {
        String stored = json.write(decode(INVOICE_CONTRACT, "invoice", "created", vec(u64(42), addr(SME), i128("1"), none(), u64(TS))));
        json.read(stored); // the mapper builds its deserialisers once, before the threads share them
        int threads = 1_000;

        long empty = usedHeapAfterCollection();
        LiveThreads idle = LiveThreads.start(threads, () -> {});
        long withIdle = usedHeapAfterCollection();
        LiveThreads parsed = LiveThreads.start(threads, () -> json.read(stored));
        long withParsed = usedHeapAfterCollection();
        idle.end();
        parsed.end();

        long idleBytesPerThread = (withIdle - empty) / threads;
        long parsedBytesPerThread = (withParsed - withIdle) / threads;
        assertFalse(parsedBytesPerThread - idleBytesPerThread > 2_048,
                "a thread that parsed holds " + parsedBytesPerThread + " bytes, one that did not " + idleBytesPerThread);
    }

    private static long usedHeapAfterCollection() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Virtual threads that ran their work and stay alive until {@link #end}. */
    private record LiveThreads(List<Thread> threads, CountDownLatch release) {
        static LiveThreads start(int count, Runnable work) throws InterruptedException {
            CountDownLatch worked = new CountDownLatch(count);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    work.run();
                    worked.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            worked.await();
            return new LiveThreads(threads, release);
        }

        void end() throws InterruptedException {
            release.countDown();
            for (Thread thread : threads) thread.join();
        }
    }
}
