package dev.sorobanbridge.bridge.auth;

/**
 * A login session: the JWT's issuer and {@code jti} together, since two issuers may use the same jti.
 * {@link #key()} is the single string {@link Principal#sessionId()} carries (and tickets store), from
 * which {@link #parse} gets both parts back unambiguously: the issuer's length comes first.
 */
record SessionId(String issuer, String jti) {

    String key() {
        return issuer.length() + ":" + issuer + jti;
    }

    /** @throws IllegalArgumentException when {@code key} was not made by {@link #key()} */
    static SessionId parse(String key) {
        int colon = key.indexOf(':');
        try {
            int length = Integer.parseInt(key.substring(0, colon));
            return new SessionId(key.substring(colon + 1, colon + 1 + length), key.substring(colon + 1 + length));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a session key", e);
        }
    }
}
