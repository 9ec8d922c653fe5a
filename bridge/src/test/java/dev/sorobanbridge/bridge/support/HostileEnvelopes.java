package dev.sorobanbridge.bridge.support;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What an attacker posts to {@code POST /auth} instead of a signed challenge, built from a real one:
 * a huge count or length at every length field of the envelope, the envelope cut at every byte,
 * envelopes of the wrong kind (fee bump around it, Soroban data, a non-manage-data operation),
 * bad base64, oversize base64 and oversize bodies. Every one must be answered 400 (413 for bodies).
 */
public final class HostileEnvelopes {
    /** One hostile request body, JSON. */
    public record Case(String name, String body, int expectedStatus) {}

    private HostileEnvelopes() {}

    /** The 106-byte envelope of the report: a v1 transaction declaring 2^31-1 operations. */
    public static String declaringOperations(long count) {
        ByteBuffer b = ByteBuffer.allocate(106);
        b.putInt(2).putInt(0).put(new byte[32]).putInt(100).putLong(0).putInt(1).putLong(0).putLong(1L << 40).putInt(0)
                .putInt((int) count);
        return Base64.getEncoder().encodeToString(b.array());
    }

    public static List<Case> corpus(String signedChallenge) {
        byte[] bytes = Base64.getDecoder().decode(signedChallenge);
        List<Case> cases = new ArrayList<>();
        Layout layout = layout(bytes);
        for (int offset : layout.lengthFields()) {
            for (int huge : new int[] {Integer.MAX_VALUE, -1, 1 << 24}) {
                byte[] copy = bytes.clone();
                ByteBuffer.wrap(copy).putInt(offset, huge);
                cases.add(tx("length field at byte " + offset + " = " + Integer.toUnsignedString(huge), copy, 400));
            }
        }
        for (int length = 0; length < bytes.length; length++) {
            cases.add(tx("cut at byte " + length, Arrays.copyOf(bytes, length), 400));
        }
        cases.add(tx("trailing bytes", Arrays.copyOf(bytes, bytes.length + 4), 400));
        cases.add(json("106 bytes declaring 2^31-1 operations", declaringOperations(Integer.MAX_VALUE), 400));
        cases.add(json("106 bytes declaring 2^25 operations", declaringOperations(1 << 25), 400));
        ByteBuffer feeBump = ByteBuffer.allocate(bytes.length + 4 + 40 + 8 + 4);
        feeBump.putInt(5).putInt(0).put(new byte[32]).putLong(200).putInt(2).put(bytes, 4, bytes.length - 4).putInt(0);
        cases.add(tx("fee bump around the challenge", feeBump.array(), 400));
        byte[] nested = bytes.clone();
        ByteBuffer.wrap(nested).putInt(0, 5);
        cases.add(tx("envelope type fee bump", nested, 400));
        byte[] v0 = bytes.clone();
        ByteBuffer.wrap(v0).putInt(0, 0);
        cases.add(tx("envelope type v0", v0, 400));
        byte[] soroban = bytes.clone();
        ByteBuffer.wrap(soroban).putInt(layout.ext(), 1);
        cases.add(tx("Soroban data extension", soroban, 400));
        byte[] invoke = bytes.clone();
        ByteBuffer.wrap(invoke).putInt(layout.firstOperationType(), 24);
        cases.add(tx("invoke host function operation", invoke, 400));
        cases.add(json("not base64", "not*base64!", 400));
        cases.add(json("base64 of nothing", "", 400));
        cases.add(json("oversize base64", "A".repeat(6000), 400));
        cases.add(new Case("JSON nested 3000 deep", "[".repeat(3000) + "]".repeat(3000), 400));
        cases.add(new Case("transaction is an object", "{\"transaction\":{\"a\":[1,2,3]}}", 400));
        cases.add(new Case("oversize body (9 KiB)", "{\"transaction\":\"" + "A".repeat(9 * 1024) + "\"}", 413));
        cases.add(new Case("oversize body (1 MiB)", "{\"transaction\":\"" + "A".repeat(1024 * 1024) + "\"}", 413));
        return cases;
    }

    private static Case tx(String name, byte[] envelope, int status) {
        return json(name, Base64.getEncoder().encodeToString(envelope), status);
    }

    private static Case json(String name, String transaction, int status) {
        return new Case(name, "{\"transaction\":\"" + transaction + "\"}", status);
    }

    /**
     * Where the fields of a challenge are, as {@code Sep10Challenge.newChallenge} builds it and a wallet
     * signs it: a v1 envelope, time bounds, no memo, manage-data operations with a source.
     *
     * @param lengthFields every count and length
     * @param firstOperationType the first operation's type
     * @param ext the transaction's extension discriminant
     */
    record Layout(List<Integer> lengthFields, int firstOperationType, int ext) {}

    static Layout layout(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        // type (4), source ed25519 (4 + 32), fee (4), seq (8), time bounds (4 + 16), memo none (4)
        if (b.getInt(0) != 2 || b.getInt(4) != 0 || b.getInt(52) != 1 || b.getInt(72) != 0) {
            throw new IllegalStateException("not a challenge as the SDK builds it");
        }
        List<Integer> offsets = new ArrayList<>();
        int at = 76;
        int operations = b.getInt(at);
        offsets.add(at);
        at += 4;
        int firstType = -1;
        for (int i = 0; i < operations; i++) {
            at = b.getInt(at) == 1 ? at + 4 + 4 + 32 : at + 4; // optional source account
            if (i == 0) firstType = at;
            at += 4;                                           // the operation type
            offsets.add(at);                                   // data name length
            at += 4 + pad(b.getInt(at));
            if (b.getInt(at) == 1) {
                offsets.add(at + 4);                           // data value length
                at += 8 + pad(b.getInt(at + 4));
            } else {
                at += 4;
            }
        }
        int ext = at;
        at += 4;
        offsets.add(at);                                       // signature count
        int signatures = b.getInt(at);
        at += 4;
        for (int i = 0; i < signatures; i++) {
            offsets.add(at + 4);                               // signature length, after the 4-byte hint
            at += 8 + pad(b.getInt(at + 4));
        }
        return new Layout(offsets, firstType, ext);
    }

    private static int pad(int length) {
        return (length + 3) & ~3;
    }
}
