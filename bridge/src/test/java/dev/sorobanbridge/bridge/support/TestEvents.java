package dev.sorobanbridge.bridge.support;

import static dev.sorobanbridge.testsupport.TestEvents.contractOf;
import static dev.sorobanbridge.testsupport.TestEvents.data;
import static dev.sorobanbridge.testsupport.TestEvents.invalidate;

import dev.sorobanbridge.abi.ActivityEvent;
import org.stellar.sdk.StrKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Activity events as the decoder would make them (shared parts: test-support's TestEvents), with valid strkeys. */
public final class TestEvents {
    public static final String INVOICE_CONTRACT = StrKey.encodeContract(filled(1));
    public static final String POOL_CONTRACT = StrKey.encodeContract(filled(2));

    private TestEvents() {}

    /** A valid account strkey, distinct per n. */
    public static String account(int n) {
        return StrKey.encodeEd25519PublicKey(filled(100 + n));
    }

    /** The RPC event id of the n-th event in a ledger (test-support's TestEvents). */
    public static String id(long ledger, int n) {
        return dev.sorobanbridge.testsupport.TestEvents.id(ledger, n);
    }

    public static ActivityEvent event(long ledger, int n, String type, String invoiceId, String... wallets) {
        String contract = contractOf(type);
        return new ActivityEvent(id(ledger, n), type, contract,
                contract.equals("invoice") ? INVOICE_CONTRACT : POOL_CONTRACT, ledger,
                Instant.now(), "ab".repeat(32), invoiceId, List.of(wallets), data(invoiceId), invalidate(invoiceId));
    }

    /** A pool.deposit carrying {@code bytes} of payload: fills socket buffers quickly. */
    public static ActivityEvent bulky(long ledger, int n, String wallet, int bytes) {
        return new ActivityEvent(id(ledger, n), "pool.deposit", "pool", POOL_CONTRACT, ledger, Instant.now(),
                "cd".repeat(32), null, List.of(wallet), Map.of("memo", "x".repeat(bytes)), List.of(List.of("pool")));
    }

    /** {@code count} pool.deposit events in consecutive ledgers from {@code firstLedger}, by one wallet. */
    public static List<ActivityEvent> deposits(long firstLedger, int count, String wallet) {
        List<ActivityEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) events.add(event(firstLedger + i, 1, "pool.deposit", null, wallet));
        return events;
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
