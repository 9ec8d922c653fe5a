package dev.sorobanbridge.simulator.activity;

import dev.sorobanbridge.abi.ScVals;
import java.math.BigInteger;
import org.stellar.sdk.xdr.SCVal;

/** Token amounts as the Astera contracts publish them: i128 in base units, 7 decimals. */
final class Tokens {
    private static final BigInteger UNIT = BigInteger.TEN.pow(7);

    private Tokens() {
    }

    /** Whole tokens as an i128 in base units. */
    static SCVal tokens(long wholeTokens) {
        return ScVals.i128(BigInteger.valueOf(wholeTokens).multiply(UNIT));
    }
}
