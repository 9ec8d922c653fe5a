package dev.sorobanbridge.abi;

import org.stellar.sdk.StrKey;
import org.stellar.sdk.xdr.SCAddress;
import org.stellar.sdk.xdr.SCAddressType;

/**
 * The strkey ({@code G…} or {@code C…}) of an ScVal address, encoded once. stellar-sdk's
 * {@code Address.fromSCAddress(..).toString()} encodes, decodes and re-encodes it, which made address
 * conversion most of the decoder's time; and its {@code StrKey.encode…} goes through commons-codec's
 * general Base32 (buffers grown per call), still about 45 % of decoding in a backfill profile. A
 * strkey is always 35 bytes (version, 32-byte key, CRC16-XModem checksum, little-endian) in exactly
 * 56 Base32 characters, so it is encoded here in one pass; {@code StrkeysTest} checks it against
 * the SDK.
 */
final class Strkeys {
    private Strkeys() {
    }

    private static final byte ACCOUNT_VERSION = 6 << 3; // 'G'
    private static final byte CONTRACT_VERSION = 2 << 3; // 'C'
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    static String of(SCAddress address) {
        return switch (address.getDiscriminant()) {
            case SC_ADDRESS_TYPE_ACCOUNT ->
                    encode(ACCOUNT_VERSION, address.getAccountId().getAccountID().getEd25519().getUint256());
            case SC_ADDRESS_TYPE_CONTRACT -> encode(CONTRACT_VERSION, address.getContractId().getHash());
        };
    }

    /** What {@code StrKey.encodeEd25519PublicKey} / {@code encodeContract} give for a 32-byte key. */
    static String encode(byte version, byte[] key) {
        if (key.length != 32) {
            // not a strkey this class knows how to lay out: let the SDK decide what to do with it
            return version == ACCOUNT_VERSION ? StrKey.encodeEd25519PublicKey(key) : StrKey.encodeContract(key);
        }
        byte[] data = new byte[35];
        data[0] = version;
        System.arraycopy(key, 0, data, 1, 32);
        int crc = crc16XModem(data, 33);
        data[33] = (byte) crc;
        data[34] = (byte) (crc >>> 8);
        char[] out = new char[56];
        int o = 0;
        for (int i = 0; i < 35; i += 5) { // 5 bytes -> 8 characters
            long block = ((data[i] & 0xFFL) << 32) | ((data[i + 1] & 0xFFL) << 24) | ((data[i + 2] & 0xFFL) << 16)
                    | ((data[i + 3] & 0xFFL) << 8) | (data[i + 4] & 0xFFL);
            for (int shift = 35; shift >= 0; shift -= 5) {
                out[o++] = BASE32[(int) (block >>> shift) & 31];
            }
        }
        return new String(out);
    }

    private static int crc16XModem(byte[] bytes, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }

    static boolean isAccount(SCAddress address) {
        return address.getDiscriminant() == SCAddressType.SC_ADDRESS_TYPE_ACCOUNT;
    }
}
