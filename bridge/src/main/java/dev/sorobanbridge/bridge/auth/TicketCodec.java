package dev.sorobanbridge.bridge.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sorobanbridge.bridge.http.JsonMappers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns ticket claims into the opaque string a browser puts in its EventSource URL, and back.
 * Format: {@code t1.<base64url JSON>.<base64url HMAC-SHA256>}. The HMAC key is derived from the
 * SEP-10 signing seed, which every node of a deployment shares, so any node (and a restarted one)
 * can check a ticket, while nobody without the seed can forge one.
 */
final class TicketCodec {
    private static final String PREFIX = "t1.";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;
    private final ObjectMapper json = JsonMappers.sharedBuffers();

    /** @param seed the raw bytes of the SEP-10 server seed; used only through a labelled derivation */
    TicketCodec(byte[] seed) {
        // Domain separation: the ticket key is never the seed itself, so the two uses cannot interfere.
        this.key = hmac(seed, "soroban-bridge ticket key v1".getBytes(StandardCharsets.UTF_8));
    }

    String encode(TicketClaims claims) {
        ObjectNode payload = json.createObjectNode()
                .put("tid", claims.ticketId())
                .put("sub", claims.account())
                .put("sid", claims.sessionId())
                .put("exp", claims.sessionExpiresAt().toEpochMilli())
                .put("iat", claims.issuedAt().toEpochMilli())
                .put("adm", claims.admin());
        String body = PREFIX + ENCODER.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(hmac(key, body.getBytes(StandardCharsets.US_ASCII)));
    }

    /** @return the claims of a well-formed ticket signed with our key; empty for anything else */
    Optional<TicketClaims> decode(String ticket) {
        int dot = ticket.lastIndexOf('.');
        if (!ticket.startsWith(PREFIX) || dot <= PREFIX.length()) return Optional.empty();
        String body = ticket.substring(0, dot);
        try {
            byte[] expected = hmac(key, body.getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, DECODER.decode(ticket.substring(dot + 1)))) return Optional.empty();
            JsonNode payload = json.readTree(DECODER.decode(body.substring(PREFIX.length())));
            return Optional.of(new TicketClaims(
                    payload.required("tid").asText(),
                    payload.required("sub").asText(),
                    payload.required("sid").asText(),
                    Instant.ofEpochMilli(payload.required("exp").asLong()),
                    Instant.ofEpochMilli(payload.required("iat").asLong()),
                    payload.required("adm").asBoolean()));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty(); // bad base64 or JSON: a forged or truncated ticket
        }
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
