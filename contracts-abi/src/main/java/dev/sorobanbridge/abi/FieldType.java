package dev.sorobanbridge.abi;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SCValType;

/**
 * A catalogue field type such as {@code u64} or {@code option<address>}: which ScVal it accepts, how the
 * value reads in JSON, and how a Java value is written back as an ScVal.
 *
 * <p>JSON forms (docs/events.md#json-types): u64, i64, i128 and u128 are decimal strings (they can exceed 2^53),
 * u32 is a number (a {@code Long}), timestamps are ISO-8601 UTC, addresses strkeys, an enum its variant
 * name, bytes lower-case hex, and an absent option {@code null}.
 */
record FieldType(Kind kind, boolean optional) {

    private static final BigInteger U32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger U128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final BigInteger I128_MIN = BigInteger.ONE.shiftLeft(127).negate();
    private static final BigInteger I128_MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    private static final BigInteger LATEST_INSTANT = BigInteger.valueOf(Instant.MAX.getEpochSecond());

    enum Kind {
        U32("u32", SCValType.SCV_U32),
        U64("u64", SCValType.SCV_U64),
        I64("i64", SCValType.SCV_I64),
        I128("i128", SCValType.SCV_I128),
        U128("u128", SCValType.SCV_U128),
        BOOL("bool", SCValType.SCV_BOOL),
        STRING("string", SCValType.SCV_STRING),
        SYMBOL("symbol", SCValType.SCV_SYMBOL),
        ADDRESS("address", SCValType.SCV_ADDRESS),
        /** u64 unix seconds on the wire ({@code env.ledger().timestamp()}). */
        TIMESTAMP("timestamp", SCValType.SCV_U64),
        /** A unit variant of a {@code #[contracttype] enum}: {@code Vec[Symbol("Variant")]}. */
        ENUM("enum", SCValType.SCV_VEC),
        BYTES("bytes", SCValType.SCV_BYTES);

        final String text;
        final SCValType wire;

        Kind(String text, SCValType wire) {
            this.text = text;
            this.wire = wire;
        }
    }

    /** Parses a catalogue type string; throws IllegalArgumentException naming the bad type. */
    static FieldType parse(String text) {
        boolean optional = text.startsWith("option<") && text.endsWith(">");
        String inner = optional ? text.substring("option<".length(), text.length() - 1) : text;
        for (Kind kind : Kind.values()) {
            if (kind.text.equals(inner)) {
                return new FieldType(kind, optional);
            }
        }
        throw new IllegalArgumentException("unknown field type '" + text + "' (expected one of u32, u64, i64, i128, "
                + "u128, bool, string, symbol, address, timestamp, enum, bytes, or option<...> of one)");
    }

    String text() {
        return optional ? "option<" + kind.text + ">" : kind.text;
    }

    /** The wire-level signature: two types with the same one cannot be told apart when decoding. */
    String wireSignature() {
        return (optional ? "?" : "") + kind.wire.name();
    }

    /** Whether {@code v} is a value of this type (right ScVal type, and in range for timestamps). */
    boolean accepts(SCVal v) {
        SCValType type = v.getDiscriminant();
        if (optional && type == SCValType.SCV_VOID) {
            return true;
        }
        if (type != kind.wire) {
            return false;
        }
        return switch (kind) {
            case TIMESTAMP -> Scv.fromUint64(v).compareTo(LATEST_INSTANT) <= 0;
            case ENUM -> isUnitVariant(v);
            default -> true;
        };
    }

    /** The JSON value of {@code v}, which {@link #accepts} must have accepted. */
    Object toJson(SCVal v) {
        if (v.getDiscriminant() == SCValType.SCV_VOID) {
            return null;
        }
        return switch (kind) {
            case U32 -> Scv.fromUint32(v);
            case U64 -> Scv.fromUint64(v).toString();
            case I64 -> Long.toString(Scv.fromInt64(v));
            case I128 -> Scv.fromInt128(v).toString();
            case U128 -> Scv.fromUint128(v).toString();
            case BOOL -> Scv.fromBoolean(v);
            case STRING -> new String(Scv.fromString(v), StandardCharsets.UTF_8);
            case SYMBOL -> Scv.fromSymbol(v);
            case ADDRESS -> Strkeys.of(v.getAddress());
            case TIMESTAMP -> Instant.ofEpochSecond(Scv.fromUint64(v).longValueExact()).toString();
            case ENUM -> Scv.fromSymbol(v.getVec().getSCVec()[0]);
            case BYTES -> HexFormat.of().formatHex(Scv.fromBytes(v));
        };
    }

    /**
     * Writes a Java value as an ScVal of this type. Accepted values: numbers as Integer, Long, BigInteger
     * or a decimal String; timestamps also as Instant or an ISO-8601 String; addresses as strkeys; enums
     * as the variant name; bytes as byte[] or hex; {@code null} for an absent option.
     *
     * @throws IllegalArgumentException when the value does not fit the type
     */
    SCVal toScVal(Object value) {
        if (value == null) {
            if (optional) {
                return Scv.toVoid();
            }
            throw new IllegalArgumentException("null for non-optional type " + text());
        }
        return switch (kind) {
            case U32 -> Scv.toUint32(inRange(integer(value), BigInteger.ZERO, U32_MAX).longValueExact());
            case U64 -> Scv.toUint64(inRange(integer(value), BigInteger.ZERO, U64_MAX));
            case I64 -> Scv.toInt64(inRange(integer(value), BigInteger.valueOf(Long.MIN_VALUE),
                    BigInteger.valueOf(Long.MAX_VALUE)).longValueExact());
            case I128 -> Scv.toInt128(inRange(integer(value), I128_MIN, I128_MAX));
            case U128 -> Scv.toUint128(inRange(integer(value), BigInteger.ZERO, U128_MAX));
            case BOOL -> Scv.toBoolean(cast(value, Boolean.class));
            case STRING -> Scv.toString(cast(value, String.class));
            case SYMBOL -> Scv.toSymbol(cast(value, String.class));
            case ADDRESS -> address(cast(value, String.class));
            case TIMESTAMP -> Scv.toUint64(inRange(epochSeconds(value), BigInteger.ZERO, U64_MAX));
            case ENUM -> Scv.toVec(List.of(Scv.toSymbol(cast(value, String.class))));
            case BYTES -> Scv.toBytes(value instanceof byte[] bytes ? bytes : hex(cast(value, String.class)));
        };
    }

    private static boolean isUnitVariant(SCVal v) {
        return v.getVec() != null && v.getVec().getSCVec().length == 1
                && v.getVec().getSCVec()[0].getDiscriminant() == SCValType.SCV_SYMBOL;
    }

    private BigInteger integer(Object value) {
        return switch (value) {
            case BigInteger b -> b;
            case Long l -> BigInteger.valueOf(l);
            case Integer i -> BigInteger.valueOf(i);
            case Short s -> BigInteger.valueOf(s);
            case String s -> {
                try {
                    yield new BigInteger(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + s + "' is not a decimal integer for type " + text());
                }
            }
            default -> throw mismatch(value);
        };
    }

    private BigInteger epochSeconds(Object value) {
        if (value instanceof Instant instant) {
            return BigInteger.valueOf(instant.getEpochSecond());
        }
        if (value instanceof String s && s.contains("T")) {
            try {
                return BigInteger.valueOf(Instant.parse(s).getEpochSecond());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + s + "' is not an ISO-8601 instant for type " + text());
            }
        }
        return integer(value);
    }

    private BigInteger inRange(BigInteger value, BigInteger min, BigInteger max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(value + " is out of range for type " + text());
        }
        return value;
    }

    private SCVal address(String strkey) {
        try {
            return Scv.toAddress(strkey);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + strkey + "' is not a G... or C... strkey");
        }
    }

    private byte[] hex(String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not hex for type " + text());
        }
    }

    private <T> T cast(Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw mismatch(value);
        }
        return type.cast(value);
    }

    private IllegalArgumentException mismatch(Object value) {
        return new IllegalArgumentException(value.getClass().getSimpleName() + " value '" + value
                + "' does not fit type " + text());
    }
}
