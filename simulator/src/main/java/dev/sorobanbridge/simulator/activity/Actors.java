package dev.sorobanbridge.simulator.activity;

import dev.sorobanbridge.abi.ScVals;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.xdr.SCVal;

/**
 * Every account and contract the simulated Astera deployment involves, derived from the seed:
 * the same seed gives the same strkeys on every run and machine. The keys belong to nobody on
 * any real network.
 */
public final class Actors {
    private static final int SMES = 48;
    private static final int INVESTORS = 64;

    private final long seed;
    private final String invoiceContract;
    private final String poolContract;
    private final List<String> tokens;
    private final List<String> otherContracts;
    private final KeyPair demoWallet;
    private final List<String> smes;
    private final List<String> investors;
    private final String admin;
    private final String oracle;
    private final List<String> keepers;
    private final String treasury;
    /** Every address above as an ScVal: strkey decoding is the costliest part of building an event. */
    private final Map<String, SCVal> scAddresses = new HashMap<>();

    public Actors(long seed) {
        this.seed = seed;
        invoiceContract = contract("invoice");
        poolContract = contract("pool");
        tokens = List.of(contract("token-usdc"), contract("token-eurc"));
        otherContracts = List.of(contract("registry"), contract("access-control"), contract("credit-score"),
                contract("referral"), contract("auction"), contract("price-oracle"));
        demoWallet = keyPair("sme", 0);
        smes = IntStream.range(0, SMES).mapToObj(i -> keyPair("sme", i).getAccountId()).toList();
        // the demo wallet also invests, so one login sees invoice and pool activity alike
        investors = IntStream.range(0, INVESTORS)
                .mapToObj(i -> i == 0 ? demoWallet.getAccountId() : keyPair("investor", i).getAccountId()).toList();
        admin = keyPair("admin", 0).getAccountId();
        oracle = keyPair("oracle", 0).getAccountId();
        keepers = List.of(keyPair("keeper", 0).getAccountId(), keyPair("keeper", 1).getAccountId());
        treasury = keyPair("treasury", 0).getAccountId();
        Stream.of(List.of(invoiceContract, poolContract, admin, oracle, treasury), tokens, otherContracts, smes,
                investors, keepers).flatMap(List::stream).forEach(a -> scAddresses.put(a, ScVals.addr(a)));
    }

    /** The address as an ScVal; fast for the actors' own addresses. */
    SCVal scAddress(String strkey) {
        SCVal known = scAddresses.get(strkey);
        return known != null ? known : ScVals.addr(strkey);
    }

    public String invoiceContract() {
        return invoiceContract;
    }

    public String poolContract() {
        return poolContract;
    }

    /** The pool's accepted tokens (C… ids); the first is the main one. */
    public List<String> tokens() {
        return tokens;
    }

    /** Registry, access-control and similar contracts that admin events point at. */
    public List<String> otherContracts() {
        return otherContracts;
    }

    /** An SME that also invests: the busiest wallet, with its secret key for a demo login. */
    public KeyPair demoWallet() {
        return demoWallet;
    }

    public List<String> smes() {
        return smes;
    }

    public List<String> investors() {
        return investors;
    }

    public String admin() {
        return admin;
    }

    public String oracle() {
        return oracle;
    }

    public List<String> keepers() {
        return keepers;
    }

    public String treasury() {
        return treasury;
    }

    private KeyPair keyPair(String role, int index) {
        return KeyPair.fromSecretSeed(sha256(role + "/" + index));
    }

    private String contract(String name) {
        return StrKey.encodeContract(sha256("contract/" + name));
    }

    private byte[] sha256(String label) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("soroban-bridge-simulator/" + seed + "/" + label).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
