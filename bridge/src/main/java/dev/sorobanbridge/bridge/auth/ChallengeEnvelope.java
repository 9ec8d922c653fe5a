package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.abi.MalformedXdrException;
import dev.sorobanbridge.abi.XdrBytes;

import java.util.Base64;

/**
 * The structural check of a signed SEP-10 challenge, before stellar-sdk decodes it: the SDK allocates
 * whatever an array or opaque declares, so 106 bytes declaring 2^31-1 operations would exhaust the
 * heap. Walks the envelope's XDR layout (Stellar-transaction.x) checking every declared count and
 * length against the bytes that remain and against its XDR maximum, and accepts only what a
 * challenge can be: a v1 transaction envelope of manage-data operations without Soroban data.
 */
final class ChallengeEnvelope {
    /** A challenge with the 20 signatures XDR allows is under 2 KiB of base64; ours carry two. */
    static final int MAX_BASE64_CHARS = 4096;

    private static final int ENVELOPE_TYPE_TX = 2;
    private static final int KEY_TYPE_ED25519 = 0;
    private static final int KEY_TYPE_MUXED_ED25519 = 0x100;
    private static final int MANAGE_DATA = 10;
    private static final int MAX_OPERATIONS = 100;
    private static final int MAX_SIGNATURES = 20;
    private static final int MAX_EXTRA_SIGNERS = 2;
    private static final int MAX_MEMO_TEXT = 28;
    private static final int MAX_DATA_NAME = 64;
    private static final int MAX_DATA_VALUE = 64;
    private static final int MAX_SIGNATURE = 64;
    private static final int MAX_SIGNED_PAYLOAD = 64;
    /** A manage-data operation is at least: no source (4), type (4), empty name (4), no value (4). */
    private static final int MIN_OPERATION_BYTES = 16;
    /** A decorated signature is at least its hint (4) and an empty signature (4). */
    private static final int MIN_SIGNATURE_BYTES = 8;

    private ChallengeEnvelope() {}

    /** @throws MalformedXdrException saying what is wrong, when the text is not one well-formed challenge envelope */
    static void check(String base64) throws MalformedXdrException {
        if (base64.length() > MAX_BASE64_CHARS) {
            throw new MalformedXdrException("is longer than " + MAX_BASE64_CHARS + " base64 characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MalformedXdrException("is not base64");
        }
        XdrBytes xdr = new XdrBytes(bytes);
        int type = xdr.readInt(0);
        if (type != ENVELOPE_TYPE_TX) {
            throw new MalformedXdrException("is an envelope of type " + type + ", not a transaction (v1) envelope");
        }
        int at = transaction(xdr, 4);
        int signatures = xdr.count(at, MIN_SIGNATURE_BYTES, MAX_SIGNATURES);
        at += 4;
        for (int i = 0; i < signatures; i++) {
            at = xdr.opaque(xdr.skip(at, 4), MAX_SIGNATURE);
        }
        if (at != bytes.length) {
            throw new MalformedXdrException("has " + (bytes.length - at) + " bytes after the envelope");
        }
    }

    private static int transaction(XdrBytes xdr, int at) throws MalformedXdrException {
        at = muxedAccount(xdr, at);
        at = xdr.skip(at, 4 + 8);                                   // fee, sequence number
        at = preconditions(xdr, at);
        at = memo(xdr, at);
        int operations = xdr.count(at, MIN_OPERATION_BYTES, MAX_OPERATIONS);
        at += 4;
        for (int i = 0; i < operations; i++) {
            at = operation(xdr, at);
        }
        int ext = xdr.readInt(at);
        if (ext != 0) {
            throw new MalformedXdrException("carries Soroban transaction data (ext " + ext + "), which no challenge has");
        }
        return at + 4;
    }

    private static int muxedAccount(XdrBytes xdr, int at) throws MalformedXdrException {
        int kind = xdr.readInt(at);
        return switch (kind) {
            case KEY_TYPE_ED25519 -> xdr.skip(at + 4, 32);
            case KEY_TYPE_MUXED_ED25519 -> xdr.skip(at + 4, 8 + 32);
            default -> throw new MalformedXdrException("has an account of unknown key type " + kind + " at byte " + at);
        };
    }

    private static int preconditions(XdrBytes xdr, int at) throws MalformedXdrException {
        int kind = xdr.readInt(at);
        at += 4;
        return switch (kind) {
            case 0 -> at;                                           // none
            case 1 -> xdr.skip(at, 16);                             // time bounds
            case 2 -> preconditionsV2(xdr, at);
            default -> throw new MalformedXdrException("has unknown preconditions " + kind + " at byte " + (at - 4));
        };
    }

    private static int preconditionsV2(XdrBytes xdr, int at) throws MalformedXdrException {
        at = xdr.optional(at) ? xdr.skip(at + 4, 16) : at + 4;      // time bounds
        at = xdr.optional(at) ? xdr.skip(at + 4, 8) : at + 4;       // ledger bounds
        at = xdr.optional(at) ? xdr.skip(at + 4, 8) : at + 4;      // minimum sequence number
        at = xdr.skip(at, 8 + 4);                                   // minimum sequence age and ledger gap
        int signers = xdr.count(at, 36, MAX_EXTRA_SIGNERS);
        at += 4;
        for (int i = 0; i < signers; i++) {
            int kind = xdr.readInt(at);
            at = switch (kind) {
                case 0, 1, 2 -> xdr.skip(at + 4, 32);               // ed25519, pre-auth tx, hash(x)
                case 3 -> xdr.opaque(xdr.skip(at + 4, 32), MAX_SIGNED_PAYLOAD); // ed25519 signed payload
                default -> throw new MalformedXdrException("has a signer key of unknown type " + kind + " at byte " + at);
            };
        }
        return at;
    }

    private static int memo(XdrBytes xdr, int at) throws MalformedXdrException {
        int kind = xdr.readInt(at);
        at += 4;
        return switch (kind) {
            case 0 -> at;                                           // none
            case 1 -> xdr.opaque(at, MAX_MEMO_TEXT);                // text
            case 2 -> xdr.skip(at, 8);                              // id
            case 3, 4 -> xdr.skip(at, 32);                          // hash, return
            default -> throw new MalformedXdrException("has a memo of unknown type " + kind + " at byte " + (at - 4));
        };
    }

    private static int operation(XdrBytes xdr, int at) throws MalformedXdrException {
        at = xdr.optional(at) ? muxedAccount(xdr, at + 4) : at + 4;
        int type = xdr.readInt(at);
        if (type != MANAGE_DATA) {
            throw new MalformedXdrException("has an operation of type " + type + " at byte " + at
                    + "; a challenge has only manage-data operations");
        }
        at = xdr.opaque(at + 4, MAX_DATA_NAME);
        return xdr.optional(at) ? xdr.opaque(at + 4, MAX_DATA_VALUE) : at + 4;
    }
}
