package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.bridge.http.ApiException;
import org.stellar.sdk.InvalidSep10ChallengeException;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Sep10Challenge;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.TimeBounds;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * SEP-10 web authentication: a challenge transaction signed by our server key, which the wallet
 * signs and sends back. Accounts need not exist on chain: the only accepted signer is the
 * account's own key (no on-chain signer lookup, no thresholds).
 */
final class Sep10Login {
    private final KeyPair serverKey;
    private final Network network;
    private final String homeDomain;
    private final String webAuthDomain;
    private final Duration challengeTtl;
    private final Clock clock;
    private final AuthFailures failures;

    Sep10Login(KeyPair serverKey, String networkPassphrase, String homeDomain, String webAuthDomain,
               Duration challengeTtl, Clock clock, AuthFailures failures) {
        this.serverKey = serverKey;
        this.network = new Network(networkPassphrase);
        this.homeDomain = homeDomain;
        this.webAuthDomain = webAuthDomain;
        this.challengeTtl = challengeTtl;
        this.clock = clock;
        this.failures = failures;
    }

    String networkPassphrase() {
        return network.getNetworkPassphrase();
    }

    /** @return the challenge as base64 XDR of a transaction envelope */
    String challenge(String account) {
        if (account == null || account.isBlank()) {
            throw failures.badRequest("account_missing", "Add ?account=G… (the wallet's Stellar account id).");
        }
        if (!isAccountId(account)) {
            throw failures.badRequest("account_invalid", "account must be a Stellar account id (a G… strkey).");
        }
        long now = clock.instant().getEpochSecond();
        try {
            return Sep10Challenge.newChallenge(serverKey, network, account, homeDomain, webAuthDomain,
                    new TimeBounds(now, now + challengeTtl.toSeconds())).toEnvelopeXdrBase64();
        } catch (InvalidSep10ChallengeException e) {
            throw new IllegalStateException("could not build a SEP-10 challenge: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a challenge the wallet has signed.
     *
     * @return the account that proved control of its key
     */
    String verify(String signedXdr) {
        Sep10Challenge.ChallengeTransaction challenge;
        try {
            challenge = Sep10Challenge.readChallengeTransaction(
                    signedXdr, serverKey.getAccountId(), network, homeDomain, webAuthDomain);
            Sep10Challenge.verifyChallengeTransactionSigners(signedXdr, serverKey.getAccountId(), network,
                    homeDomain, webAuthDomain, Set.of(challenge.getClientAccountId()));
        } catch (InvalidSep10ChallengeException e) {
            throw rejected(e.getMessage() == null ? "" : e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw failures.badRequest("transaction_malformed",
                    "The transaction is not a base64-encoded XDR transaction envelope.");
        }
        // The SDK checks the time bounds against the system clock; ours is the one the rest of auth uses.
        TimeBounds bounds = challenge.getTransaction().getTimeBounds();
        if (bounds != null && clock.instant().getEpochSecond() > bounds.getMaxTime().longValue()) {
            throw expired();
        }
        return challenge.getClientAccountId();
    }

    private ApiException rejected(String reason) {
        // The SDK's sentences are clear but not stable; map the common ones to codes a client can act on.
        if (reason.contains("timebounds")) return expired();
        if (reason.contains("server")) {
            return failures.unauthorized("challenge_not_ours", "The challenge was not issued by this server for this "
                    + "network: request one with GET /auth.");
        }
        if (reason.contains("home domain") || reason.contains("web_auth_domain")) {
            return failures.unauthorized("challenge_domain", "The challenge was issued for another domain: "
                    + "request one from this server with GET /auth.");
        }
        if (reason.contains("sign")) {
            return failures.unauthorized("challenge_signature", "The challenge must be signed by the account's key,"
                    + " and by nothing else.");
        }
        String sentence = reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason;
        return failures.unauthorized("challenge_invalid", "The challenge is not valid: " + sentence + ".");
    }

    private ApiException expired() {
        return failures.unauthorized("challenge_expired", "The challenge has expired (it is valid for "
                + challengeTtl.toSeconds() + " s): request a new one with GET /auth.");
    }

    private static boolean isAccountId(String account) {
        if (!account.startsWith("G")) return false;
        try {
            StrKey.decodeEd25519PublicKey(account);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
