package dev.sorobanbridge.abi;

import java.math.BigInteger;
import java.util.List;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;

/**
 * Short names for building the {@link SCVal}s Soroban contracts publish, and their base64 XDR: what the
 * simulator emits and what tests feed the decoder. The Rust-to-ScVal type mapping is in
 * docs/events.md#where-the-shapes-come-from. These call stellar-sdk's {@link Scv} directly, not this
 * module's {@link EventEncoder}, so a test built with them checks the encoder instead of repeating it.
 */
public final class ScVals {
    private ScVals() {
    }

    public static SCVal u32(long value) {
        return Scv.toUint32(value);
    }

    public static SCVal u64(long value) {
        return Scv.toUint64(BigInteger.valueOf(value));
    }

    /** A u64 beyond {@code Long.MAX_VALUE}, as a decimal string. */
    public static SCVal u64(String decimal) {
        return Scv.toUint64(new BigInteger(decimal));
    }

    public static SCVal i64(long value) {
        return Scv.toInt64(value);
    }

    public static SCVal i128(BigInteger value) {
        return Scv.toInt128(value);
    }

    public static SCVal i128(String decimal) {
        return Scv.toInt128(new BigInteger(decimal));
    }

    public static SCVal u128(String decimal) {
        return Scv.toUint128(new BigInteger(decimal));
    }

    public static SCVal bool(boolean value) {
        return Scv.toBoolean(value);
    }

    public static SCVal str(String value) {
        return Scv.toString(value);
    }

    public static SCVal sym(String value) {
        return Scv.toSymbol(value);
    }

    /** An account ({@code G…}) or contract ({@code C…}) address. */
    public static SCVal addr(String strkey) {
        return Scv.toAddress(strkey);
    }

    /** {@code ()}, which soroban-sdk also uses for {@code Option::None}. */
    public static SCVal none() {
        return Scv.toVoid();
    }

    /** A Vec, which is also how soroban-sdk encodes a Rust tuple: the fields in order. */
    public static SCVal vec(SCVal... items) {
        return Scv.toVec(List.of(items));
    }

    /** A unit variant of a {@code #[contracttype] enum} as soroban-sdk encodes it: {@code Vec[Symbol("Variant")]}. */
    public static SCVal variant(String name) {
        return Scv.toVec(List.of(Scv.toSymbol(name)));
    }

    /** The value's base64 XDR, as the RPC carries topics and values. */
    public static String xdr(SCVal value) {
        return ScValXdr.write(value);
    }
}
