package dev.sorobanbridge.abi;

import org.junit.jupiter.api.Test;
import org.stellar.sdk.StrKey;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StrkeysTest {

    @Test
    void encodesAccountsAndContractsExactlyAsTheSdk() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            assertEquals(StrKey.encodeEd25519PublicKey(key), Strkeys.encode((byte) (6 << 3), key));
            assertEquals(StrKey.encodeContract(key), Strkeys.encode((byte) (2 << 3), key));
        }
    }

    @Test
    void knownKeys() {
        // all-zero and all-0xFF keys exercise the checksum's and the alphabet's ends
        byte[] zero = new byte[32];
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertEquals("GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF", Strkeys.encode((byte) (6 << 3), zero));
        assertEquals(StrKey.encodeContract(ones), Strkeys.encode((byte) (2 << 3), ones));
        assertEquals(zero.length, StrKey.decodeEd25519PublicKey(Strkeys.encode((byte) (6 << 3), zero)).length);
    }
}
