package dev.sorobanbridge.bridge.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Transaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Does what a wallet does: fetch a SEP-10 challenge, sign it with its own key, trade it for a JWT. */
final class Wallet {
    final KeyPair key;

    Wallet() {
        this(KeyPair.random());
    }

    Wallet(KeyPair key) {
        this.key = key;
    }

    String account() {
        return key.getAccountId();
    }

    String challenge(AuthServer server) {
        HttpResponse<String> res = server.get("/auth?account=" + account());
        assertEquals(200, res.statusCode(), res.body());
        return AuthServer.json(res).get("transaction").asText();
    }

    /** Signs like a wallet does: decode the envelope for the network, add our signature, re-encode. */
    String sign(String challengeXdr) {
        return sign(challengeXdr, key);
    }

    static String sign(String challengeXdr, KeyPair signer) {
        try {
            Transaction tx = (Transaction) Transaction.fromEnvelopeXdr(challengeXdr, new Network(TestAuthConfig.NETWORK));
            tx.sign(signer);
            return tx.toEnvelopeXdrBase64();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> postJson(AuthServer server, String signedXdr) {
        try {
            return server.post("/auth", "application/json",
                    AuthServer.JSON.writeValueAsString(Map.of("transaction", signedXdr)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole SEP-10 login; returns the JWT. */
    String login(AuthServer server) {
        HttpResponse<String> res = postJson(server, sign(challenge(server)));
        assertEquals(200, res.statusCode(), res.body());
        return AuthServer.json(res).get("token").asText();
    }

    /** A ticket for GET /events, minted from the JWT. */
    static String ticket(AuthServer server, String jwt) {
        HttpResponse<String> res = server.post("/events/ticket", null, "", "Authorization", "Bearer " + jwt);
        assertEquals(200, res.statusCode(), res.body());
        JsonNode body = AuthServer.json(res);
        return body.get("ticket").asText();
    }

    /** Asserts the error body of docs/design.md#errors: the status, the stable code and a human sentence. */
    static void assertError(HttpResponse<String> res, int status, String code) {
        assertEquals(status, res.statusCode(), res.body());
        JsonNode body = AuthServer.json(res);
        assertEquals(code, body.path("error").asText(), res.body());
        String message = body.path("message").asText();
        if (message.isBlank() || !message.endsWith(".")) {
            throw new AssertionError("expected one human sentence as message, got: " + res.body());
        }
    }
}
