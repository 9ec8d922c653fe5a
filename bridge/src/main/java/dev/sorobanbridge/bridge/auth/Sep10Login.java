package dev.sorobanbridge.bridge.auth;

import dev.sorobanbridge.abi.MalformedXdrException;
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
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * SEP-10 web authentication: a challenge transaction signed by our server key, which the wallet
 * signs and sends back. As the spec says: for an account that exists on chain, the client's
 * signatures must reach its medium threshold with its signers (read through the RPC); only for an
 * account that does not exist is its own (master) key the signer. What the client sends is checked
 * structurally ({@link ChallengeEnvelope}) before the SDK decodes it, and a challenge is accepted
 * once: its hash stays in the shared store until its maxTime, so no node of the cluster takes it again.
 */
final class Sep10Login {
    private final KeyPair serverKey;
    private final Network network;
    private final String homeDomain;
    private final String webAuthDomain;
    private final Duration challengeTtl;
    private final AccountSigners accounts;
    private final AuthStore store;
    private final Clock clock;
    private final AuthFailures failures;

    Sep10Login(KeyPair serverKey, String networkPassphrase, String homeDomain, String webAuthDomain,
               Duration challengeTtl, AccountSigners accounts, AuthStore store, Clock clock, AuthFailures failures) {
        this.serverKey = serverKey;
        this.network = new Network(networkPassphrase);
        this.homeDomain = homeDomain;
        this.webAuthDomain = webAuthDomain;
        this.challengeTtl = challengeTtl;
        this.accounts = accounts;
        this.store = store;
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
     * Checks a challenge the wallet has signed, and uses it up.
     *
     * @return the account that proved control of its key
     */
    String verify(String signedXdr) {
        try {
            ChallengeEnvelope.check(signedXdr);
        } catch (MalformedXdrException e) {
            throw malformed();
        }
        Sep10Challenge.ChallengeTransaction challenge;
        try {
            challenge = Sep10Challenge.readChallengeTransaction(
                    signedXdr, serverKey.getAccountId(), network, homeDomain, webAuthDomain);
        } catch (InvalidSep10ChallengeException e) {
            throw rejected(e.getMessage() == null ? "" : e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw malformed();
        }
        // The SDK checks the time bounds against the system clock; ours is the one the rest of auth uses.
        TimeBounds bounds = challenge.getTransaction().getTimeBounds();
        Instant maxTime = Instant.ofEpochSecond(bounds.getMaxTime().longValue());
        if (clock.instant().isAfter(maxTime)) {
            throw expired();
        }
        String account = challenge.getClientAccountId();
        Optional<AccountSigners.OnChain> onChain = accounts.of(account);
        try {
            if (onChain.isPresent()) {
                Sep10Challenge.verifyChallengeTransactionThreshold(signedXdr, serverKey.getAccountId(), network,
                        homeDomain, webAuthDomain, onChain.get().mediumThreshold(), onChain.get().signers());
            } else {
                Sep10Challenge.verifyChallengeTransactionSigners(signedXdr, serverKey.getAccountId(), network,
                        homeDomain, webAuthDomain, Set.of(account));
            }
        } catch (InvalidSep10ChallengeException e) {
            throw rejected(e.getMessage() == null ? "" : e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw malformed();
        }
        // The transaction hash covers the nonce but not the signatures: a re-signed copy is the same challenge.
        if (!store.useChallenge(challenge.getTransaction().hashHex(), clock.instant(), maxTime)) {
            throw failures.unauthorized("challenge_used", "This challenge was already used to log in; request a new"
                    + " one with GET /auth.");
        }
        return account;
    }

    private ApiException malformed() {
        return failures.badRequest("transaction_malformed",
                "The transaction is not a base64-encoded XDR transaction envelope of a SEP-10 challenge.");
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
        if (reason.contains("threshold")) {
            return failures.unauthorized("challenge_threshold", "The signatures do not reach the account's medium"
                    + " threshold: sign with enough of the account's signers.");
        }
        if (reason.contains("sign")) {
            return failures.unauthorized("challenge_signature", "The challenge must be signed by the account's"
                    + " signers (its own key when the account does not exist), and by nothing else.");
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
