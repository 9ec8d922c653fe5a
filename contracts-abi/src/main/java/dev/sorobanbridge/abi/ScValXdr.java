package dev.sorobanbridge.abi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.stellar.sdk.xdr.SCVal;

/**
 * Base64 XDR ↔ {@link SCVal}. Reading is defensive because the bytes come from the network:
 * stellar-sdk 0.44's generated decoder allocates whatever length a Vec, Map or string declares and
 * recurses without a depth limit, so a 20-byte value claiming 2^31 elements would exhaust the heap.
 * A structural pass over the bytes ({@link XdrBytes}) first checks every declared length against the bytes that remain,
 * the nesting depth, and that nothing trails the value; only then does the SDK build the object.
 */
final class ScValXdr {
    /** Soroban's own host limit on value nesting is lower; anything deeper is not a contract event. */
    static final int MAX_DEPTH = 128;

    private ScValXdr() {
    }

    static SCVal read(String base64) throws MalformedXdrException {
        if (base64 == null) {
            throw new MalformedXdrException("is missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MalformedXdrException("is not base64 (" + e.getMessage() + ")");
        }
        int end = new Scanner(new XdrBytes(bytes)).scVal(0, 1);
        if (end != bytes.length) {
            throw new MalformedXdrException("has " + (bytes.length - end) + " bytes after the ScVal");
        }
        try {
            return SCVal.fromXdrByteArray(bytes);
        } catch (IOException | RuntimeException e) {
            throw new MalformedXdrException("is not a valid ScVal (" + e + ")");
        }
    }

    static String write(SCVal value) {
        try {
            return value.toXdrBase64();
        } catch (IOException e) {
            throw new UncheckedIOException("writing XDR to memory failed", e);
        }
    }

    /** Walks the XDR layout of an ScVal (Stellar-contract.x) without building anything. */
    private record Scanner(XdrBytes xdr) {

        /** Returns the offset just after the ScVal starting at {@code at}. */
        int scVal(int at, int depth) throws MalformedXdrException {
            if (depth > MAX_DEPTH) {
                throw new MalformedXdrException("nests deeper than " + MAX_DEPTH + " levels");
            }
            int type = readInt(at);
            at += 4;
            return switch (type) {
                case 1, 20 -> at;                              // void, ledger key contract instance
                case 0, 3, 4 -> skip(at, 4);                   // bool, u32, i32
                case 2, 5, 6, 7, 8, 21 -> skip(at, 8);         // error (type + code), u64, i64, timepoint, duration, nonce
                case 9, 10 -> skip(at, 16);                    // u128, i128
                case 11, 12 -> skip(at, 32);                   // u256, i256
                case 13, 14, 15 -> opaque(at);                 // bytes, string, symbol
                case 16 -> optional(at) ? vec(at + 4, depth) : at + 4;
                case 17 -> optional(at) ? map(at + 4, depth) : at + 4;
                case 18 -> address(at);
                case 19 -> contractInstance(at, depth);
                default -> throw new MalformedXdrException("has unknown ScVal type " + type + " at byte " + (at - 4));
            };
        }

        private int vec(int at, int depth) throws MalformedXdrException {
            int count = count(at, 4);
            at += 4;
            for (int i = 0; i < count; i++) {
                at = scVal(at, depth + 1);
            }
            return at;
        }

        private int map(int at, int depth) throws MalformedXdrException {
            int count = count(at, 8);
            at += 4;
            for (int i = 0; i < count; i++) {
                at = scVal(scVal(at, depth + 1), depth + 1);
            }
            return at;
        }

        private int address(int at) throws MalformedXdrException {
            int kind = readInt(at);
            return switch (kind) {
                case 0 -> {                                     // account: PublicKey (ed25519 type 0) + 32 bytes
                    if (readInt(at + 4) != 0) {
                        throw new MalformedXdrException("has an account address with an unknown key type");
                    }
                    yield skip(at + 8, 32);
                }
                case 1 -> skip(at + 4, 32);                     // contract: 32-byte hash
                default -> throw new MalformedXdrException("has an address type " + kind + " this decoder does not know");
            };
        }

        private int contractInstance(int at, int depth) throws MalformedXdrException {
            int executable = readInt(at);
            at = switch (executable) {
                case 0 -> skip(at + 4, 32);                     // wasm hash
                case 1 -> at + 4;                               // stellar asset
                default -> throw new MalformedXdrException("has an unknown contract executable " + executable);
            };
            return optional(at) ? map(at + 4, depth) : at + 4;
        }

        private boolean optional(int at) throws MalformedXdrException {
            return xdr.optional(at);
        }

        private int count(int at, int minElementSize) throws MalformedXdrException {
            return xdr.count(at, minElementSize);
        }

        private int opaque(int at) throws MalformedXdrException {
            return xdr.opaque(at);
        }

        private int skip(int at, int length) throws MalformedXdrException {
            return xdr.skip(at, length);
        }

        private int readInt(int at) throws MalformedXdrException {
            return xdr.readInt(at);
        }
    }
}
