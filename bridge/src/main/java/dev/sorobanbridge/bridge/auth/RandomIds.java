package dev.sorobanbridge.bridge.auth;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable ids (128 bits, URL-safe) for token {@code jti}s and tickets. */
final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {}

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
