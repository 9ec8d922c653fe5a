package dev.sorobanbridge.abi;

import org.stellar.sdk.StrKey;
import org.stellar.sdk.xdr.SCAddress;
import org.stellar.sdk.xdr.SCAddressType;

/**
 * The strkey ({@code G…} or {@code C…}) of an ScVal address, encoded once. stellar-sdk's
 * {@code Address.fromSCAddress(..).toString()} encodes, decodes and re-encodes it, which made address
 * conversion most of the decoder's time.
 */
final class Strkeys {
    private Strkeys() {
    }

    static String of(SCAddress address) {
        return switch (address.getDiscriminant()) {
            case SC_ADDRESS_TYPE_ACCOUNT ->
                    StrKey.encodeEd25519PublicKey(address.getAccountId().getAccountID().getEd25519().getUint256());
            case SC_ADDRESS_TYPE_CONTRACT -> StrKey.encodeContract(address.getContractId().getHash());
        };
    }

    static boolean isAccount(SCAddress address) {
        return address.getDiscriminant() == SCAddressType.SC_ADDRESS_TYPE_ACCOUNT;
    }
}
