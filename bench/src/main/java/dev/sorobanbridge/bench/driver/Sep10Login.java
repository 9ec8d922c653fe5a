package dev.sorobanbridge.bench.driver;

import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Transaction;

import java.io.IOException;

/** Logs in like a wallet: fetch the challenge, sign it with the account's key, exchange it for a JWT. */
final class Sep10Login implements Login {
    private final BridgeClient bridge;

    Sep10Login(BridgeClient bridge) {
        this.bridge = bridge;
    }

    @Override
    public String tokenFor(KeyPair account) {
        BridgeClient.Challenge challenge = bridge.challenge(account.getAccountId());
        Transaction tx;
        try {
            tx = (Transaction) Transaction.fromEnvelopeXdr(challenge.transaction(), new Network(challenge.networkPassphrase()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("GET /auth returned a challenge that is not a transaction envelope: " + e, e);
        }
        tx.sign(account);
        return bridge.token(tx.toEnvelopeXdrBase64());
    }
}
