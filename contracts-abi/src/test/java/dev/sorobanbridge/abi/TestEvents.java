package dev.sorobanbridge.abi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;

/**
 * Test vocabulary: addresses, ScVal builders written directly with stellar-sdk's {@link Scv} (so tests do
 * not depend on the module's own encoder), and raw RPC events.
 */
final class TestEvents {
    // The constructed Astera fixture's dummy accounts and contracts (fixtures/...CONSTRUCTED.notes.json).
    static final String INVOICE_CONTRACT = "CCMJI2SD4NOXQLX4TFSU4MAIKBGLLD3SUWYD6ANLCS566Y366HZJBTD5";
    static final String POOL_CONTRACT = "CCPJJ66OWVRO53EU3KEW74BX5JDIWAXDHNZA3IIBVYNJWPQCAXI46CG6";
    static final String USDC = "CB3FSU632XS3F7XLTRBS3SI7BFSPZLT7ELJSYHEQOCCVSHEH5HZLURYN";
    static final String SME = "GAVXBBC6Y6CEDGSOPHH5BNTSCH7ZG2ZLV6DDWQPC4SICSBMGJ6RYDB5F";
    static final String INVESTOR = "GA3TPSDXJSRB3KLWCNQJOC754THLIAMATAL7TORPRB3ZGQFIC5EJZ6XT";
    static final String ORACLE = "GAGIPOMGMDLTHPK44TDW2PTBPKUINSIRK6B7EPXBY5KJDSRPV3TPCLJE";

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

    static SCVal u32(long v) {
        return Scv.toUint32(v);
    }

    static SCVal u64(long v) {
        return Scv.toUint64(BigInteger.valueOf(v));
    }

    static SCVal u64(String decimal) {
        return Scv.toUint64(new BigInteger(decimal));
    }

    static SCVal i64(long v) {
        return Scv.toInt64(v);
    }

    static SCVal i128(String decimal) {
        return Scv.toInt128(new BigInteger(decimal));
    }

    static SCVal u128(String decimal) {
        return Scv.toUint128(new BigInteger(decimal));
    }

    static SCVal bool(boolean v) {
        return Scv.toBoolean(v);
    }

    static SCVal str(String v) {
        return Scv.toString(v);
    }

    static SCVal sym(String v) {
        return Scv.toSymbol(v);
    }

    static SCVal addr(String strkey) {
        return Scv.toAddress(strkey);
    }

    static SCVal none() {
        return Scv.toVoid();
    }

    /** A unit enum variant as soroban-sdk encodes it: {@code Vec[Symbol("Variant")]}. */
    static SCVal variant(String name) {
        return Scv.toVec(List.of(Scv.toSymbol(name)));
    }

    static SCVal vec(SCVal... items) {
        return Scv.toVec(List.of(items));
    }

    static String xdr(SCVal v) {
        try {
            return v.toXdrBase64();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RawEvent raw(String contractId, List<SCVal> topics, SCVal value) {
        return rawXdr(contractId, topics.stream().map(TestEvents::xdr).toList(), xdr(value));
    }

    static RawEvent rawXdr(String contractId, List<String> topicXdr, String valueXdr) {
        return new RawEvent("0016320875724804096-0000000003", 3_800_000L, Instant.parse("2026-07-25T17:20:00Z"),
                contractId, "8d8ac22a48150ca3abf6f144ac0a65ad95c3ec0c4f8da365f50d466e7207ac73", topicXdr, valueXdr, true);
    }

    static List<String> key(String... parts) {
        return List.of(parts);
    }
}
