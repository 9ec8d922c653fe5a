package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.config.AppConfig;
import io.helidon.security.jwt.jwk.Jwk;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An issuer whose JWTs we accept, with the keys its tokens may be signed with.
 *
 * @param kidsMeaningful false for a bare shared secret: a dApp backend may put any {@code kid} (or
 *                       none) in its tokens, and there is only one key to try anyway
 * @param audience       the {@code aud} its tokens must carry; null when not checked
 */
record TrustedIssuer(String issuer, List<Jwk> keys, boolean kidsMeaningful, String audience) {

    TrustedIssuer {
        keys = List.copyOf(keys);
    }

    /** The keys a token with this header may have been signed with; empty when its kid is unknown. */
    List<Jwk> candidates(Optional<String> kid) {
        if (kid.isPresent() && kidsMeaningful) {
            return keys.stream().filter(k -> kid.get().equals(k.keyId())).toList();
        }
        return keys;
    }

    static TrustedIssuer external(AppConfig.ExternalIssuer config) {
        String key = "auth.external-issuers[" + config.issuer() + "]";
        if (config.hs256Secret() != null && config.hs256Secret().isPresent()) {
            return new TrustedIssuer(config.issuer(), List.of(JwtKeys.hs256Key(config.hs256Secret().value(),
                    key + ".hs256-secret")), false, config.audience());
        }
        if (config.jwksFile() == null) {
            throw new IllegalArgumentException(key + " needs hs256-secret or jwks-file.");
        }
        JsonObject jwks;
        try (Reader file = Files.newBufferedReader(config.jwksFile()); JsonReader json = Json.createReader(file)) {
            jwks = json.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(key + ".jwks-file: cannot read " + config.jwksFile() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ".jwks-file (" + config.jwksFile() + ") is not a JSON JWK Set: "
                    + e.getMessage(), e);
        }
        List<Jwk> keys = new ArrayList<>();
        List<JsonValue> entries = jwks.containsKey("keys") ? jwks.getJsonArray("keys") : List.of();
        for (int i = 0; i < entries.size(); i++) {
            JsonObject entry = entries.get(i).asJsonObject();
            if ("enc".equals(entry.getString("use", "sig"))) continue;
            if (Jwk.ALG_NONE.equals(entry.getString("alg", ""))) {
                throw new IllegalArgumentException(key + ".jwks-file: key " + i + " has alg \"none\", which is never accepted.");
            }
            // Helidon insists on a kid; a key without one can still verify tokens that carry none.
            JsonObjectBuilder withKid = Json.createObjectBuilder(entry);
            if (!entry.containsKey("kid")) withKid.add("kid", "#" + i);
            try {
                keys.add(Jwk.create(withKid.build()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + ".jwks-file: key " + i + " is not usable: " + e.getMessage(), e);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(key + ".jwks-file (" + config.jwksFile() + ") holds no signature keys.");
        }
        return new TrustedIssuer(config.issuer(), keys, true, config.audience());
    }
}
