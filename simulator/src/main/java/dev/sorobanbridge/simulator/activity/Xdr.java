package dev.sorobanbridge.simulator.activity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;

/** Short names for the {@code ScVal}s the Astera contracts publish (type mapping: docs/events.md#where-the-shapes-come-from). */
final class Xdr {
    /** Token amounts have 7 decimals. */
    private static final BigInteger UNIT = BigInteger.TEN.pow(7);

    private Xdr() {
    }

    static SCVal u64(long value) {
        return Scv.toUint64(BigInteger.valueOf(value));
    }

    static SCVal u32(long value) {
        return Scv.toUint32(value);
    }

    static SCVal i128(BigInteger value) {
        return Scv.toInt128(value);
    }

    /** Whole tokens as an i128 in base units. */
    static SCVal tokens(long wholeTokens) {
        return Scv.toInt128(BigInteger.valueOf(wholeTokens).multiply(UNIT));
    }

    static SCVal string(String value) {
        return Scv.toString(value);
    }

    static SCVal symbol(String value) {
        return Scv.toSymbol(value);
    }

    static SCVal bool(boolean value) {
        return Scv.toBoolean(value);
    }

    static SCVal none() {
        return Scv.toVoid();
    }

    /** A Rust tuple: the fields in order. */
    static SCVal tuple(SCVal... fields) {
        return Scv.toVec(List.of(fields));
    }

    /** A unit variant of a {@code #[contracttype] enum}, e.g. {@code DisputeResolution::InFavorOfSME}. */
    static SCVal variant(String name) {
        return Scv.toVec(List.of(Scv.toSymbol(name)));
    }

    static String base64(SCVal value) {
        try {
            return value.toXdrBase64();
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory ScVal cannot fail to encode", e);
        }
    }
}
