package dev.sorobanbridge.bench.driver;

import org.stellar.sdk.KeyPair;

/** How a simulated client gets its JWT: a SEP-10 login, or a token minted with the shared secret. */
interface Login {
    /** @return a JWT whose subject is the account */
    String tokenFor(KeyPair account);

    static Login of(DriverOptions.LoginMethod method, BridgeClient bridge) {
        return switch (method) {
            case DriverOptions.LoginMethod.Sep10 ignored -> new Sep10Login(bridge);
            case DriverOptions.LoginMethod.SharedSecret s -> new SecretLogin(s.secret(), s.issuer(), s.audience());
        };
    }
}
