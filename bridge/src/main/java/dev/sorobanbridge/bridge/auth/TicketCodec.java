package dev.sorobanbridge.bridge.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.bridge.http.JsonMappers;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns ticket claims into the opaque string a browser puts in its EventSource URL, and back.
 * Format: {@code t2.<base64url of a 12-byte nonce and the AES-256-GCM sealed JSON claims>}. The key is
 * derived from the SEP-10 signing seed, which every node of a deployment shares, so any node (and a
 * restarted one) can open a ticket, while without the seed nobody can read one (the session id and
 * account are not visible in URLs, logs or Referer) or forge one (GCM authenticates the claims).
 */
final class TicketCodec {
    private static final String PREFIX = "t2.";
    private static final byte[] ASSOCIATED = PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = JsonMappers.sharedBuffers();

    /** @param seed the raw bytes of the SEP-10 server seed; used only through a labelled derivation */
    TicketCodec(byte[] seed) {
        // Domain separation: the ticket key is never the seed itself, so the two uses cannot interfere.
        this.key = new SecretKeySpec(hmac(seed, "soroban-bridge ticket key v2".getBytes(StandardCharsets.UTF_8)), "AES");
    }

    String encode(TicketClaims claims) {
        ObjectNode payload = json.createObjectNode()
                .put("tid", claims.ticketId())
                .put("sub", claims.account())
                .put("sid", claims.sessionId())
                .put("exp", claims.sessionExpiresAt().toEpochMilli())
                .put("iat", claims.issuedAt().toEpochMilli())
                .put("adm", claims.admin());
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed;
        try {
            sealed = cipher(Cipher.ENCRYPT_MODE, nonce).doFinal(payload.toString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES-GCM", e);
        }
        byte[] ticket = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, ticket, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, ticket, NONCE_BYTES, sealed.length);
        return PREFIX + ENCODER.encodeToString(ticket);
    }

    /** @return the claims of a ticket sealed with our key; empty for anything else */
    Optional<TicketClaims> decode(String ticket) {
        if (!ticket.startsWith(PREFIX)) return Optional.empty();
        try {
            byte[] bytes = DECODER.decode(ticket.substring(PREFIX.length()));
            if (bytes.length <= NONCE_BYTES) return Optional.empty();
            byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
            byte[] plain = cipher(Cipher.DECRYPT_MODE, nonce).doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            JsonNode payload = json.readTree(plain);
            return Optional.of(new TicketClaims(
                    payload.required("tid").asText(),
                    payload.required("sub").asText(),
                    payload.required("sid").asText(),
                    Instant.ofEpochMilli(payload.required("exp").asLong()),
                    Instant.ofEpochMilli(payload.required("iat").asLong()),
                    payload.required("adm").asBoolean()));
        } catch (GeneralSecurityException | IllegalArgumentException | IOException e) {
            return Optional.empty(); // bad base64, a forged or truncated ticket (the tag does not verify)
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(ASSOCIATED);
        return cipher;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
