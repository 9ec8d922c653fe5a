package dev.sorobanbridge.abi;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.xdr.SCVal;

/** Test vocabulary: more addresses than the constructed fixture's (test-support's AsteraKeys), dated values, raw RPC events. */
final class TestEvents {
    static final String ADMIN = account(1);
    static final String BUYER = account(2);
    static final String KEEPER = account(3);
    static final String NEW_ADMIN = account(4);
    static final String TREASURY = account(5);
    static final String ACCESS_CONTROL = contract(7);
    static final String REGISTRY = contract(8);
    static final String ORACLE_CONTRACT = contract(9);

    static final long TS = 1_785_000_000L;
    static final String TS_ISO = "2026-07-25T17:20:00Z";
    static final long DUE = 1_787_592_000L;
    static final String DUE_ISO = "2026-08-24T17:20:00Z";
    static final long DUE2 = 1_790_184_000L;
    static final String DUE2_ISO = "2026-09-23T17:20:00Z";

    private TestEvents() {
    }

    static String account(int seed) {
        return KeyPair.fromSecretSeed(filled(seed)).getAccountId();
    }

    static String contract(int seed) {
        return StrKey.encodeContract(filled(seed));
    }

    private static byte[] filled(int seed) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        return bytes;
    }

    static RawEvent raw(String contractId, List<SCVal> topics, SCVal value) {
        return rawXdr(contractId, topics.stream().map(ScVals::xdr).toList(), ScVals.xdr(value));
    }

    static RawEvent rawXdr(String contractId, List<String> topicXdr, String valueXdr) {
        return new RawEvent("0016320875724804096-0000000003", 3_800_000L, Instant.parse("2026-07-25T17:20:00Z"),
                contractId, "8d8ac22a48150ca3abf6f144ac0a65ad95c3ec0c4f8da365f50d466e7207ac73", topicXdr, valueXdr, true);
    }

    static List<String> key(String... parts) {
        return List.of(parts);
    }
}
