package dev.sorobanbridge.abi;

import static dev.sorobanbridge.abi.ScVals.*;
import static dev.sorobanbridge.abi.TestEvents.*;
import static dev.sorobanbridge.testsupport.AsteraKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stellar.sdk.xdr.SCVal;

/**
 * One golden case per catalogued shape: the payload is written here with stellar-sdk's Scv in the
 * field order of docs/events.md (not with the module's encoder), and the decoded
 * ActivityEvent must equal the expected one exactly, under both namespace spellings.
 */
class GoldenDecodeTest {
    private static final EventDecoder DECODER = new EventDecoder(INVOICE_CONTRACT, POOL_CONTRACT);
    private static final EventCatalogue CATALOGUE = EventCatalogue.load();

    private static final String AMOUNT = "50000000000000000000"; // beyond 2^64: must stay exact
    private static final String PRINCIPAL = "100000000000";
    private static final String INTEREST = "1643835616";
    private static final String URI = "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

    /** Expected decoding of one payload; built fluently, its toString names the parameterised case. */
    static final class Golden {
        final String contract;
        final String action;
        final SCVal value;
        String invoiceId;
        List<String> wallets = List.of();
        final Map<String, Object> data = new LinkedHashMap<>();
        List<List<String>> invalidate = List.of();

        Golden(String contract, String action, SCVal value) {
            this.contract = contract;
            this.action = action;
            this.value = value;
        }

        Golden id(String invoiceId) {
            this.invoiceId = invoiceId;
            return this;
        }

        Golden wallets(String... wallets) {
            this.wallets = List.of(wallets);
            return this;
        }

        Golden data(Object... namesAndValues) {
            for (int i = 0; i < namesAndValues.length; i += 2) {
                data.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
            return this;
        }

        @SafeVarargs
        final Golden invalidate(List<String>... keys) {
            this.invalidate = List.of(keys);
            return this;
        }

        @Override
        public String toString() {
            return contract + "." + action + data.keySet();
        }
    }

    static Golden invoice(String action, SCVal value) {
        return new Golden("invoice", action, value);
    }

    static Golden pool(String action, SCVal value) {
        return new Golden("pool", action, value);
    }

    static Stream<Golden> goldens() {
        return Stream.of(invoiceLifecycle(), invoiceAdmin(), poolFinancing(), poolCoFunding(), poolLiquidity(), poolAdmin())
                .flatMap(s -> s);
    }

    static Stream<Golden> invoiceLifecycle() {
        return Stream.of(
                invoice("created", vec(u64(42), addr(SME), i128(AMOUNT), str(URI), u64(TS)))
                        .id("42").wallets(SME)
                        .data("invoiceId", "42", "owner", SME, "amount", AMOUNT, "metadataUri", URI, "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "42"), key("invoice-metadata", "42")),
                invoice("verified", vec(u64(42), str("sha256:9f2c")))
                        .id("42").data("invoiceId", "42", "oracleHash", "sha256:9f2c")
                        .invalidate(key("invoice", "42")),
                invoice("disputed", vec(u64(42), u64(TS)))
                        .id("42").data("invoiceId", "42", "timestamp", TS_ISO)
                        .invalidate(key("invoice", "42")),
                invoice("resolved", vec(u64(44), variant("InFavorOfSME"), addr(ORACLE)))
                        .id("44").wallets(ORACLE).data("invoiceId", "44", "resolution", "InFavorOfSME", "caller", ORACLE)
                        .invalidate(key("invoice", "44")),
                invoice("resolved", vec(u64(42), addr(ADMIN), u64(TS)))
                        .id("42").wallets(ADMIN).data("invoiceId", "42", "admin", ADMIN, "timestamp", TS_ISO)
                        .invalidate(key("invoice", "42")),
                invoice("funded", vec(u64(42), addr(POOL_CONTRACT), addr(SME), u64(TS)))
                        .id("42").wallets(SME)
                        .data("invoiceId", "42", "pool", POOL_CONTRACT, "owner", SME, "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "42"), key("funded-invoice", "42"),
                                key("credit-score", SME)),
                invoice("funded", vec(u64(42), addr(SME), u64(TS)))
                        .id("42").wallets(SME).data("invoiceId", "42", "owner", SME, "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "42"), key("funded-invoice", "42"),
                                key("credit-score", SME)),
                invoice("funded", vec(u64(7), u64(TS)))
                        .id("7").data("invoiceId", "7", "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "7"), key("funded-invoice", "7")),
                invoice("paid", vec(u64(42), addr(POOL_CONTRACT), addr(SME), u64(TS)))
                        .id("42").wallets(SME)
                        .data("invoiceId", "42", "pool", POOL_CONTRACT, "owner", SME, "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "42"), key("funded-invoice", "42"),
                                key("credit-score", SME)),
                invoice("paid", vec(u64(7), u64(TS)))
                        .id("7").data("invoiceId", "7", "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "7"), key("funded-invoice", "7")),
                invoice("default", vec(u64(42), addr(SME), u64(TS)))
                        .id("42").wallets(SME).data("invoiceId", "42", "owner", SME, "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "42"), key("funded-invoice", "42"),
                                key("credit-score", SME)),
                invoice("default", vec(u64(7), u64(TS)))
                        .id("7").data("invoiceId", "7", "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "7"), key("funded-invoice", "7")),
                invoice("cancelled", vec(u64(42), addr(SME), u64(TS)))
                        .id("42").wallets(SME).data("invoiceId", "42", "owner", SME, "timestamp", TS_ISO)
                        .invalidate(key("invoice", "42"), key("funded-invoice", "42")),
                invoice("cancelled", vec(u64(42), addr(SME)))
                        .id("42").wallets(SME).data("invoiceId", "42", "caller", SME)
                        .invalidate(key("invoice", "42")),
                invoice("dispute", vec(u64(42), addr(SME), u64(TS)))
                        .id("42").wallets(SME).data("invoiceId", "42", "borrower", SME, "timestamp", TS_ISO)
                        .invalidate(key("invoice", "42")),
                invoice("vtimeout", vec(u64(42), u64(DUE), u64(TS)))
                        .id("42").data("invoiceId", "42", "verificationDeadline", DUE_ISO, "now", TS_ISO)
                        .invalidate(key("invoice", "42")),
                invoice("expired", u64(43))
                        .id("43").data("invoiceId", "43")
                        .invalidate(key("invoice", "43")),
                invoice("private", vec(u64(42), bool(true)))
                        .id("42").data("invoiceId", "42", "private", true)
                        .invalidate(key("invoice", "42")),
                invoice("extension_requested", vec(u64(42), u64(DUE), u64(DUE2), addr(SME), u64(TS)))
                        .id("42").wallets(SME)
                        .data("invoiceId", "42", "currentDueDate", DUE_ISO, "newDueDate", DUE2_ISO, "owner", SME,
                                "timestamp", TS_ISO)
                        .invalidate(key("invoice", "42")),
                invoice("extension_approved", vec(u64(42), u64(DUE), u64(DUE2), addr(ADMIN), u64(TS)))
                        .id("42").wallets(ADMIN)
                        .data("invoiceId", "42", "oldDueDate", DUE_ISO, "newDueDate", DUE2_ISO, "approver", ADMIN,
                                "timestamp", TS_ISO)
                        .invalidate(key("invoice", "42"), key("funded-invoice", "42")),
                invoice("gp_upd", vec(u64(42), u32(7), u32(14)))
                        .id("42").data("invoiceId", "42", "oldDays", 7L, "days", 14L)
                        .invalidate(key("invoice", "42")),
                invoice("def_warn", vec(u64(42), u64(DUE)))
                        .id("42").data("invoiceId", "42", "defaultAt", DUE_ISO)
                        .invalidate(key("invoice", "42")),
                invoice("cleanup", u64(42))
                        .id("42").data("invoiceId", "42")
                        .invalidate(key("invoice", "42"), key("invoice-metadata", "42")),
                invoice("st_clean", vec(u32(3), addr(KEEPER)))
                        .wallets(KEEPER).data("removed", 3L, "caller", KEEPER)
                        .invalidate(key("invoice")));
    }

    static Stream<Golden> invoiceAdmin() {
        return Stream.of(
                invoice("debtor_reg_updated", vec(addr(ADMIN), bool(false), bool(true)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldRequired", false, "required", true),
                invoice("oracle_req_updated", vec(addr(ADMIN), bool(true), bool(false)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldRequired", true, "required", false),
                invoice("paused", vec(addr(ADMIN), u64(TS)))
                        .wallets(ADMIN).data("admin", ADMIN, "timestamp", TS_ISO),
                invoice("paused", addr(ADMIN))
                        .wallets(ADMIN).data("admin", ADMIN),
                invoice("unpaused", vec(addr(ADMIN), u64(TS)))
                        .wallets(ADMIN).data("admin", ADMIN, "timestamp", TS_ISO),
                invoice("unpaused", addr(ADMIN))
                        .wallets(ADMIN).data("admin", ADMIN),
                invoice("oracle_updated", vec(addr(ADMIN), none(), addr(ORACLE)))
                        .wallets(ADMIN, ORACLE).data("admin", ADMIN, "oldOracle", null, "oracle", ORACLE),
                invoice("sec_oracle_upd", vec(addr(ADMIN), addr(ORACLE), none()))
                        .wallets(ADMIN, ORACLE).data("admin", ADMIN, "oldSecondary", ORACLE, "oracleSecondary", null),
                invoice("registry_upd", vec(addr(ADMIN), none(), addr(REGISTRY)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldRegistry", null, "registry", REGISTRY),
                invoice("consensus_req_upd", vec(addr(ADMIN), bool(true)))
                        .wallets(ADMIN).data("admin", ADMIN, "required", true),
                invoice("cmp_set", vec(addr(ADMIN), addr(REGISTRY)))
                        .wallets(ADMIN).data("admin", ADMIN, "registry", REGISTRY),
                invoice("cmp_req", vec(addr(ADMIN), bool(false)))
                        .wallets(ADMIN).data("admin", ADMIN, "required", false),
                invoice("keeper_added", vec(addr(ADMIN), addr(KEEPER)))
                        .wallets(ADMIN, KEEPER).data("admin", ADMIN, "keeper", KEEPER),
                invoice("keeper_removed", vec(addr(ADMIN), addr(KEEPER)))
                        .wallets(ADMIN, KEEPER).data("admin", ADMIN, "keeper", KEEPER),
                invoice("set_ac", vec(addr(ADMIN), addr(ACCESS_CONTROL)))
                        .wallets(ADMIN).data("admin", ADMIN, "accessControl", ACCESS_CONTROL),
                invoice("ac_pause", vec(addr(ACCESS_CONTROL), bool(true), u64(TS)))
                        .data("accessControl", ACCESS_CONTROL, "paused", true, "timestamp", TS_ISO),
                invoice("ac_oracle", vec(addr(ACCESS_CONTROL), addr(ORACLE), addr(ORACLE_CONTRACT)))
                        .wallets(ORACLE) // the new oracle is a contract: not a wallet
                        .data("accessControl", ACCESS_CONTROL, "oldOracle", ORACLE, "oracle", ORACLE_CONTRACT),
                invoice("ac_keeper", vec(addr(ACCESS_CONTROL), addr(KEEPER)))
                        .wallets(KEEPER).data("accessControl", ACCESS_CONTROL, "keeper", KEEPER),
                invoice("meta_img", vec(addr(ADMIN), str("https://astera.example/logo.png")))
                        .wallets(ADMIN).data("admin", ADMIN, "uri", "https://astera.example/logo.png"),
                invoice("daily_limit_updated", vec(addr(ADMIN), u32(10), u32(20)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldLimit", 10L, "limit", 20L),
                invoice("dispute_window_updated", vec(addr(ADMIN), u64(604_800), u64(1_209_600)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldWindow", "604800", "window", "1209600"),
                invoice("grace_period_updated", vec(addr(ADMIN), u32(7), u32(30)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldDays", 7L, "days", 30L),
                invoice("due_window_updated", vec(addr(ADMIN), u64(86_400), u64(172_800)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldWindow", "86400", "windowSecs", "172800"),
                invoice("max_amount_updated", vec(addr(ADMIN), i128("0"), i128(AMOUNT)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldMax", "0", "maxInvoiceAmount", AMOUNT),
                invoice("sme_max", vec(addr(ADMIN), i128(AMOUNT)))
                        .wallets(ADMIN).data("admin", ADMIN, "max", AMOUNT),
                invoice("expiration_updated", vec(addr(ADMIN), u64(2_592_000), u64(5_184_000)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldDuration", "2592000", "expirationDurationSecs", "5184000"),
                invoice("set_cttl", vec(addr(ADMIN), u32(6_307_200)))
                        .wallets(ADMIN).data("admin", ADMIN, "ttlLedgers", 6_307_200L),
                invoice("set_pool", vec(addr(ADMIN), addr(POOL_CONTRACT)))
                        .wallets(ADMIN).data("admin", ADMIN, "pool", POOL_CONTRACT),
                invoice("timelock_updated", vec(addr(ADMIN), u64(86_400), u64(172_800)))
                        .wallets(ADMIN).data("admin", ADMIN, "oldSecs", "86400", "secs", "172800"),
                invoice("upg_prop", vec(addr(ADMIN), u64(DUE)))
                        .wallets(ADMIN).data("admin", ADMIN, "executableAt", DUE_ISO),
                invoice("upgraded", vec(addr(ADMIN), u64(TS)))
                        .wallets(ADMIN).data("admin", ADMIN, "timestamp", TS_ISO),
                invoice("admin_chg_proposed", vec(addr(ADMIN), addr(NEW_ADMIN), u64(DUE)))
                        .wallets(ADMIN, NEW_ADMIN).data("admin", ADMIN, "newAdmin", NEW_ADMIN, "executableAt", DUE_ISO),
                invoice("admin_changed", vec(addr(ADMIN), addr(NEW_ADMIN), u64(TS)))
                        .wallets(ADMIN, NEW_ADMIN).data("admin", ADMIN, "newAdmin", NEW_ADMIN, "timestamp", TS_ISO),
                invoice("admin_chg_cancelled", addr(ADMIN))
                        .wallets(ADMIN).data("admin", ADMIN));
    }

    static Stream<Golden> poolFinancing() {
        return Stream.of(
                pool("funded", vec(u64(42), addr(SME), i128(PRINCIPAL), addr(USDC), u64(TS)))
                        .id("42").wallets(SME)
                        .data("invoiceId", "42", "sme", SME, "principal", PRINCIPAL, "token", USDC, "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "42"), key("funded-invoice", "42"),
                                key("token-totals", USDC), key("credit-score", SME)),
                pool("util_warn", vec(addr(USDC), u32(8500)))
                        .data("token", USDC, "utilizationBps", 8500L)
                        .invalidate(key("token-totals", USDC)),
                pool("high_util", vec(addr(USDC), u32(9100)))
                        .data("token", USDC, "utilizationBps", 9100L)
                        .invalidate(key("token-totals", USDC)),
                pool("rate_snap", vec(addr(USDC), u64(TS), u32(8500), u32(1200)))
                        .data("token", USDC, "timestamp", TS_ISO, "utilizationBps", 8500L, "rateBps", 1200L)
                        .invalidate(key("token-totals", USDC)),
                pool("part_pay", vec(u64(42), i128("40000000000"), i128("60000000000"), u64(TS)))
                        .id("42")
                        .data("invoiceId", "42", "amountPaid", "40000000000", "repaidSoFar", "60000000000", "timestamp", TS_ISO)
                        .invalidate(key("funded-invoice", "42"), key("token-totals")),
                pool("repaid", vec(u64(42), addr(SME), i128(PRINCIPAL), i128(INTEREST), u64(TS)))
                        .id("42").wallets(SME)
                        .data("invoiceId", "42", "payer", SME, "principal", PRINCIPAL, "interest", INTEREST, "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "42"), key("funded-invoice", "42"),
                                key("token-totals"), key("position"), key("credit-score", SME)),
                pool("repaid", vec(u64(42), i128(PRINCIPAL), i128(INTEREST), u64(TS)))
                        .id("42")
                        .data("invoiceId", "42", "principal", PRINCIPAL, "interest", INTEREST, "timestamp", TS_ISO)
                        .invalidate(key("invoice-count"), key("invoice", "42"), key("funded-invoice", "42"),
                                key("token-totals"), key("position")),
                pool("inv_cncl", vec(u64(42), addr(ADMIN), i128(PRINCIPAL), addr(USDC), u64(TS)))
                        .id("42").wallets(ADMIN)
                        .data("invoiceId", "42", "admin", ADMIN, "principal", PRINCIPAL, "token", USDC, "timestamp", TS_ISO)
                        .invalidate(key("invoice", "42"), key("funded-invoice", "42"), key("token-totals", USDC)),
                pool("due_ext", vec(u64(42), u64(DUE), u64(DUE2), u64(TS)))
                        .id("42").data("invoiceId", "42", "oldDueDate", DUE_ISO, "newDueDate", DUE2_ISO, "timestamp", TS_ISO)
                        .invalidate(key("invoice", "42"), key("funded-invoice", "42")),
                pool("cleanup", u64(42))
                        .id("42").data("invoiceId", "42")
                        .invalidate(key("funded-invoice", "42")),
                pool("ins_pay", vec(u64(42), addr(USDC), i128("5000000")))
                        .id("42").data("invoiceId", "42", "token", USDC, "amount", "5000000")
                        .invalidate(key("funded-invoice", "42"), key("token-totals", USDC)),
                pool("col_dep", vec(u64(42), addr(SME), addr(USDC), i128("20000000000"), addr(SME), u64(TS)))
                        .id("42").wallets(SME) // the depositor appears twice, listed once
                        .data("invoiceId", "42", "depositor", SME, "token", USDC, "amount", "20000000000",
                                "depositorAgain", SME, "timestamp", TS_ISO)
                        .invalidate(key("funded-invoice", "42")),
                pool("col_topup", vec(u64(42), addr(SME), addr(USDC), i128("1000"), i128("20000001000")))
                        .id("42").wallets(SME)
                        .data("invoiceId", "42", "depositor", SME, "token", USDC, "amount", "1000", "newTotal", "20000001000")
                        .invalidate(key("funded-invoice", "42")),
                pool("col_ret", vec(u64(42), addr(SME), i128("20000000000"), addr(ADMIN), u64(TS)))
                        .id("42").wallets(SME, ADMIN)
                        .data("invoiceId", "42", "depositor", SME, "amount", "20000000000", "releasedBy", ADMIN,
                                "settledAt", TS_ISO)
                        .invalidate(key("funded-invoice", "42")),
                pool("col_seiz_default", vec(u64(42), addr(SME), i128("20000000000"), addr(ADMIN), u64(TS)))
                        .id("42").wallets(SME, ADMIN)
                        .data("invoiceId", "42", "depositor", SME, "amount", "20000000000", "admin", ADMIN, "timestamp", TS_ISO)
                        .invalidate(key("funded-invoice", "42"), key("token-totals")));
    }

    static Stream<Golden> poolCoFunding() {
        return Stream.of(
                pool("cf_open", vec(u64(42), addr(USDC), i128(PRINCIPAL), u64(DUE)))
                        .id("42").data("invoiceId", "42", "token", USDC, "targetPrincipal", PRINCIPAL, "fundingDeadline", DUE_ISO)
                        .invalidate(key("co-funding-rounds")),
                pool("tcf_open", vec(u64(42), addr(USDC), i128("70000000000"), i128("30000000000"), u32(600), u64(DUE)))
                        .id("42")
                        .data("invoiceId", "42", "token", USDC, "seniorTargetPrincipal", "70000000000",
                                "juniorTargetPrincipal", "30000000000", "seniorRateBps", 600L, "fundingDeadline", DUE_ISO)
                        .invalidate(key("co-funding-rounds")),
                pool("cf_commit", vec(u64(42), addr(INVESTOR), i128("10000000000"), i128("60000000000")))
                        .id("42").wallets(INVESTOR)
                        .data("invoiceId", "42", "investor", INVESTOR, "commitAmount", "10000000000",
                                "committedPrincipal", "60000000000")
                        .invalidate(key("co-funding-rounds"), key("co-funding-positions", INVESTOR)),
                pool("tcf_cmt", vec(u64(42), addr(INVESTOR), i128("10000000000"), u32(1428)))
                        .id("42").wallets(INVESTOR)
                        .data("invoiceId", "42", "investor", INVESTOR, "commitAmount", "10000000000", "trancheBps", 1428L)
                        .invalidate(key("co-funding-rounds"), key("co-funding-positions", INVESTOR)),
                pool("cf_wthdw", vec(u64(42), addr(INVESTOR), i128("10000000000")))
                        .id("42").wallets(INVESTOR)
                        .data("invoiceId", "42", "investor", INVESTOR, "refunded", "10000000000")
                        .invalidate(key("co-funding-rounds"), key("co-funding-positions", INVESTOR)),
                pool("cf_cncl", u64(42))
                        .id("42").data("invoiceId", "42")
                        .invalidate(key("co-funding-rounds"), key("co-funding-positions")),
                pool("cf_exp", vec(u64(42), i128("60000000000")))
                        .id("42").data("invoiceId", "42", "totalRefunded", "60000000000")
                        .invalidate(key("co-funding-rounds"), key("co-funding-positions")),
                pool("cf_fin", vec(u64(42), i128(PRINCIPAL)))
                        .id("42").data("invoiceId", "42", "committedPrincipal", PRINCIPAL)
                        .invalidate(key("co-funding-rounds"), key("co-funding-positions"), key("funded-invoice", "42")),
                pool("shr_xfer", vec(u64(42), addr(INVESTOR), addr(BUYER), u32(2500), u32(1000)))
                        .id("42").wallets(INVESTOR, BUYER)
                        .data("invoiceId", "42", "from", INVESTOR, "to", BUYER, "bps", 2500L, "transferAmount", 1000L)
                        .invalidate(key("co-funding-positions", INVESTOR), key("co-funding-positions", BUYER)),
                pool("lst_open", vec(u64(9), u64(42), addr(INVESTOR), u64(2500), i128("26000000000")))
                        .id("42").wallets(INVESTOR) // the invoice id is the second field
                        .data("listingId", "9", "invoiceId", "42", "seller", INVESTOR, "amountOrBps", "2500",
                                "price", "26000000000")
                        .invalidate(key("co-funding-positions", INVESTOR)),
                pool("lst_cncl", vec(u64(9), u64(42), addr(INVESTOR)))
                        .id("42").wallets(INVESTOR)
                        .data("listingId", "9", "invoiceId", "42", "seller", INVESTOR)
                        .invalidate(key("co-funding-positions", INVESTOR)),
                pool("lst_buy", vec(u64(9), u64(42), addr(INVESTOR), addr(BUYER), i128("26000000000")))
                        .id("42").wallets(INVESTOR, BUYER)
                        .data("listingId", "9", "invoiceId", "42", "seller", INVESTOR, "buyer", BUYER, "price", "26000000000")
                        .invalidate(key("co-funding-positions", INVESTOR), key("co-funding-positions", BUYER)));
    }

    static Stream<Golden> poolLiquidity() {
        return Stream.of(
                pool("deposit", vec(addr(INVESTOR), addr(USDC), i128(AMOUNT), i128("499999999999"), u64(TS)))
                        .wallets(INVESTOR)
                        .data("investor", INVESTOR, "token", USDC, "received", AMOUNT, "sharesMinted", "499999999999",
                                "timestamp", TS_ISO)
                        .invalidate(key("position", INVESTOR, USDC), key("token-totals", USDC)),
                pool("deposit", vec(addr(INVESTOR), i128("500000000000"), i128("499999999999"), u64(TS)))
                        .wallets(INVESTOR)
                        .data("investor", INVESTOR, "received", "500000000000", "sharesMinted", "499999999999",
                                "timestamp", TS_ISO)
                        .invalidate(key("position", INVESTOR), key("token-totals")),
                pool("conc_excd", vec(addr(INVESTOR), u32(2500), u32(2000)))
                        .wallets(INVESTOR).data("investor", INVESTOR, "investorShareBps", 2500L, "maxBps", 2000L),
                pool("withdraw", vec(addr(INVESTOR), addr(USDC), i128("250000000000"), i128("249000000000"), u64(TS)))
                        .wallets(INVESTOR)
                        .data("investor", INVESTOR, "token", USDC, "amount", "250000000000", "shares", "249000000000",
                                "timestamp", TS_ISO)
                        .invalidate(key("position", INVESTOR, USDC), key("token-totals", USDC)),
                pool("withdraw", vec(addr(INVESTOR), i128("250000000000"), i128("249000000000"), u64(TS)))
                        .wallets(INVESTOR)
                        .data("investor", INVESTOR, "amount", "250000000000", "shares", "249000000000", "timestamp", TS_ISO)
                        .invalidate(key("position", INVESTOR), key("token-totals")),
                pool("wd_queue", vec(addr(INVESTOR), addr(USDC), i128("5000"), u64(3)))
                        .wallets(INVESTOR).data("investor", INVESTOR, "token", USDC, "shares", "5000", "requestId", "3")
                        .invalidate(key("position", INVESTOR, USDC)),
                pool("wd_queue", vec(addr(INVESTOR), i128("5000"), u64(3)))
                        .wallets(INVESTOR).data("investor", INVESTOR, "shares", "5000", "requestId", "3")
                        .invalidate(key("position", INVESTOR)),
                pool("wd_full", vec(addr(INVESTOR), addr(USDC), i128("5010"), i128("5000"), u64(0)))
                        .wallets(INVESTOR)
                        .data("investor", INVESTOR, "token", USDC, "amount", "5010", "shares", "5000", "requestId", "0")
                        .invalidate(key("position", INVESTOR, USDC), key("token-totals", USDC)),
                pool("wd_full", vec(addr(INVESTOR), i128("5010"), i128("5000")))
                        .wallets(INVESTOR).data("investor", INVESTOR, "amount", "5010", "shares", "5000")
                        .invalidate(key("position", INVESTOR), key("token-totals")),
                pool("wd_part", vec(addr(INVESTOR), addr(USDC), i128("2000"), i128("1996"), u64(3)))
                        .wallets(INVESTOR)
                        .data("investor", INVESTOR, "token", USDC, "amount", "2000", "sharesBurned", "1996", "requestId", "3")
                        .invalidate(key("position", INVESTOR, USDC), key("token-totals", USDC)),
                pool("wd_cncl", vec(addr(INVESTOR), addr(USDC), u64(3)))
                        .wallets(INVESTOR).data("investor", INVESTOR, "token", USDC, "requestId", "3")
                        .invalidate(key("position", INVESTOR, USDC)),
                pool("wd_cncl", vec(addr(INVESTOR), u64(3)))
                        .wallets(INVESTOR).data("investor", INVESTOR, "requestId", "3")
                        .invalidate(key("position", INVESTOR)),
                pool("yld_claim", vec(addr(INVESTOR), addr(USDC), i128("1643835616"), i128("16438356")))
                        .wallets(INVESTOR)
                        .data("investor", INVESTOR, "token", USDC, "claimable", "1643835616", "bonus", "16438356")
                        .invalidate(key("position", INVESTOR, USDC), key("token-totals", USDC)),
                pool("yld_claim", vec(addr(INVESTOR), addr(USDC), i128("1643835616")))
                        .wallets(INVESTOR).data("investor", INVESTOR, "token", USDC, "claimable", "1643835616")
                        .invalidate(key("position", INVESTOR, USDC), key("token-totals", USDC)),
                pool("ref_pay", vec(addr(INVESTOR), i128("8219178")))
                        .wallets(INVESTOR).data("referee", INVESTOR, "reward", "8219178")
                        .invalidate(key("referral-stats")));
    }

    static Stream<Golden> poolAdmin() {
        List<String> config = key("pool-config");
        return Stream.of(
                pool("paused", vec(addr(ADMIN), u64(TS))).wallets(ADMIN).data("admin", ADMIN, "timestamp", TS_ISO)
                        .invalidate(config),
                pool("paused", addr(ADMIN)).wallets(ADMIN).data("admin", ADMIN).invalidate(config),
                pool("unpaused", vec(addr(ADMIN), u64(TS))).wallets(ADMIN).data("admin", ADMIN, "timestamp", TS_ISO)
                        .invalidate(config),
                pool("unpaused", addr(ADMIN)).wallets(ADMIN).data("admin", ADMIN).invalidate(config),
                pool("add_token", vec(addr(ADMIN), addr(USDC))).wallets(ADMIN).data("admin", ADMIN, "token", USDC)
                        .invalidate(key("accepted-tokens")),
                pool("rm_token", vec(addr(ADMIN), addr(USDC))).wallets(ADMIN).data("admin", ADMIN, "token", USDC)
                        .invalidate(key("accepted-tokens")),
                pool("col_cfg", vec(addr(ADMIN), i128("100000000000"), u32(2000))).wallets(ADMIN)
                        .data("admin", ADMIN, "threshold", "100000000000", "collateralBps", 2000L).invalidate(config),
                pool("yield_chg", vec(addr(ADMIN), u32(800), u32(900))).wallets(ADMIN)
                        .data("admin", ADMIN, "oldBps", 800L, "newBps", 900L).invalidate(config),
                pool("yield_chg", vec(u32(800), u32(900)))
                        .data("oldBps", 800L, "newBps", 900L).invalidate(config),
                pool("y_prop", vec(addr(ADMIN), u32(800), u32(950), u64(DUE))).wallets(ADMIN)
                        .data("admin", ADMIN, "currentBps", 800L, "newBps", 950L, "effectiveAt", DUE_ISO).invalidate(config),
                pool("y_cncl", addr(ADMIN)).wallets(ADMIN).data("admin", ADMIN).invalidate(config),
                pool("set_y_pol", vec(addr(ADMIN), u64(86_400), u32(200), u64(172_800))).wallets(ADMIN)
                        .data("admin", ADMIN, "cooldownSecs", "86400", "maxChangeBps", 200L, "timelockSecs", "172800")
                        .invalidate(config),
                pool("rm_prop", vec(addr(ADMIN), addr(USDC), u64(DUE))).wallets(ADMIN)
                        .data("admin", ADMIN, "token", USDC, "effectiveAt", DUE_ISO).invalidate(config),
                pool("rm_exec", vec(addr(USDC), u64(TS)))
                        .data("token", USDC, "timestamp", TS_ISO).invalidate(config),
                pool("rm_cncl", vec(addr(ADMIN), addr(USDC))).wallets(ADMIN)
                        .data("admin", ADMIN, "token", USDC).invalidate(config),
                pool("set_comp", vec(addr(ADMIN), bool(true))).wallets(ADMIN)
                        .data("admin", ADMIN, "compound", true).invalidate(config),
                pool("set_min_d", vec(addr(ADMIN), i128("10000000"))).wallets(ADMIN)
                        .data("admin", ADMIN, "minAmount", "10000000").invalidate(config),
                pool("set_conc", vec(addr(ADMIN), u32(2000))).wallets(ADMIN)
                        .data("admin", ADMIN, "maxBps", 2000L).invalidate(config),
                pool("set_treas", vec(addr(ADMIN), addr(TREASURY))).wallets(ADMIN, TREASURY)
                        .data("admin", ADMIN, "treasury", TREASURY).invalidate(config),
                pool("rev_wdraw", vec(addr(USDC), i128("123456789"), addr(TREASURY))).wallets(TREASURY)
                        .data("token", USDC, "amount", "123456789", "treasury", TREASURY)
                        .invalidate(key("token-totals", USDC)),
                pool("set_ac", vec(addr(ADMIN), addr(ACCESS_CONTROL))).wallets(ADMIN)
                        .data("admin", ADMIN, "accessControl", ACCESS_CONTROL).invalidate(config),
                pool("ac_pause", vec(addr(ACCESS_CONTROL), bool(false), u64(TS)))
                        .data("accessControl", ACCESS_CONTROL, "paused", false, "timestamp", TS_ISO).invalidate(config),
                pool("ac_yield", vec(addr(ACCESS_CONTROL), u32(800), u32(850)))
                        .data("accessControl", ACCESS_CONTROL, "oldBps", 800L, "newBps", 850L).invalidate(config),
                pool("ac_treas", vec(addr(ACCESS_CONTROL), addr(TREASURY))).wallets(TREASURY)
                        .data("accessControl", ACCESS_CONTROL, "treasury", TREASURY).invalidate(config),
                pool("ac_rev", vec(addr(USDC), i128("123456789"), addr(TREASURY))).wallets(TREASURY)
                        .data("token", USDC, "amount", "123456789", "treasury", TREASURY)
                        .invalidate(key("token-totals", USDC)),
                pool("ac_orcl", vec(addr(ACCESS_CONTROL), addr(ORACLE_CONTRACT)))
                        .data("accessControl", ACCESS_CONTROL, "oracle", ORACLE_CONTRACT).invalidate(config),
                pool("ac_kycreq", vec(addr(ACCESS_CONTROL), bool(true)))
                        .data("accessControl", ACCESS_CONTROL, "required", true).invalidate(config),
                pool("ac_kycset", vec(addr(ACCESS_CONTROL), addr(INVESTOR), bool(true))).wallets(INVESTOR)
                        .data("accessControl", ACCESS_CONTROL, "investor", INVESTOR, "approved", true),
                pool("ac_util", u32(9000)).data("maxBps", 9000L).invalidate(config),
                pool("loy_set", addr(ADMIN)).wallets(ADMIN).data("admin", ADMIN).invalidate(config),
                pool("set_wdlim", vec(addr(ADMIN), u32(5000), u64(3600))).wallets(ADMIN)
                        .data("admin", ADMIN, "maxBps", 5000L, "cooldownSecs", "3600").invalidate(config),
                pool("set_wdage", vec(addr(ADMIN), u32(30))).wallets(ADMIN)
                        .data("admin", ADMIN, "days", 30L).invalidate(config),
                pool("set_wdcap", vec(addr(ADMIN), u32(100))).wallets(ADMIN)
                        .data("admin", ADMIN, "depth", 100L).invalidate(config),
                pool("set_orcl", vec(addr(ADMIN), addr(ORACLE_CONTRACT))).wallets(ADMIN)
                        .data("admin", ADMIN, "oracle", ORACLE_CONTRACT).invalidate(config),
                pool("set_auct", vec(addr(ADMIN), addr(REGISTRY))).wallets(ADMIN)
                        .data("admin", ADMIN, "auction", REGISTRY).invalidate(config),
                pool("orcl_stl", vec(addr(ADMIN), u64(3600))).wallets(ADMIN)
                        .data("admin", ADMIN, "thresholdSecs", "3600").invalidate(config),
                pool("fb_price", vec(addr(ADMIN), addr(USDC), i128("10000000"))).wallets(ADMIN)
                        .data("admin", ADMIN, "token", USDC, "price", "10000000").invalidate(config),
                pool("max_util", u32(9500)).data("maxBps", 9500L).invalidate(config),
                pool("bounds", vec(addr(ADMIN), addr(USDC), u32(9500), u32(10500))).wallets(ADMIN)
                        .data("admin", ADMIN, "token", USDC, "minBps", 9500L, "maxBps", 10500L).invalidate(config),
                pool("set_rate", vec(addr(ADMIN), addr(USDC), u32(10000))).wallets(ADMIN)
                        .data("admin", ADMIN, "token", USDC, "rateBps", 10000L).invalidate(config),
                pool("cmp_set", vec(addr(ADMIN), addr(REGISTRY))).wallets(ADMIN)
                        .data("admin", ADMIN, "registry", REGISTRY).invalidate(config),
                pool("cmp_req", vec(addr(ADMIN), bool(true))).wallets(ADMIN)
                        .data("admin", ADMIN, "required", true).invalidate(config),
                pool("ref_set", vec(addr(ADMIN), addr(REGISTRY))).wallets(ADMIN)
                        .data("admin", ADMIN, "registry", REGISTRY).invalidate(config),
                pool("kyc_req", vec(addr(ADMIN), bool(false))).wallets(ADMIN)
                        .data("admin", ADMIN, "required", false).invalidate(config),
                pool("kyc_set", vec(addr(ADMIN), addr(INVESTOR), bool(true))).wallets(ADMIN, INVESTOR)
                        .data("admin", ADMIN, "investor", INVESTOR, "approved", true),
                pool("kyc_appr", vec(addr(ADMIN), addr(INVESTOR))).wallets(ADMIN, INVESTOR)
                        .data("admin", ADMIN, "investor", INVESTOR),
                pool("kyc_rej", vec(addr(ADMIN), addr(INVESTOR))).wallets(ADMIN, INVESTOR)
                        .data("admin", ADMIN, "investor", INVESTOR),
                pool("timelock_updated", vec(addr(ADMIN), u64(86_400), u64(172_800))).wallets(ADMIN)
                        .data("admin", ADMIN, "oldSecs", "86400", "secs", "172800").invalidate(config),
                pool("upg_prop", vec(addr(ADMIN), u64(DUE))).wallets(ADMIN)
                        .data("admin", ADMIN, "executableAt", DUE_ISO).invalidate(config),
                pool("upgraded", vec(addr(ADMIN), u64(TS))).wallets(ADMIN)
                        .data("admin", ADMIN, "timestamp", TS_ISO).invalidate(config),
                pool("admin_chg_proposed", vec(addr(ADMIN), addr(NEW_ADMIN), u64(DUE))).wallets(ADMIN, NEW_ADMIN)
                        .data("admin", ADMIN, "newAdmin", NEW_ADMIN, "executableAt", DUE_ISO).invalidate(config),
                pool("admin_changed", vec(addr(ADMIN), addr(NEW_ADMIN), u64(TS))).wallets(ADMIN, NEW_ADMIN)
                        .data("admin", ADMIN, "newAdmin", NEW_ADMIN, "timestamp", TS_ISO).invalidate(config),
                pool("admin_chg_cancelled", addr(ADMIN)).wallets(ADMIN).data("admin", ADMIN).invalidate(config),
                pool("op_delay", vec(addr(ADMIN), u64(0), u64(86_400))).wallets(ADMIN)
                        .data("admin", ADMIN, "oldSecs", "0", "secs", "86400").invalidate(config),
                pool("op_prop", vec(addr(ADMIN), u64(5), u64(DUE))).wallets(ADMIN)
                        .data("admin", ADMIN, "proposalId", "5", "executeAfter", DUE_ISO).invalidate(config),
                pool("op_exec", vec(addr(ADMIN), u64(5), u64(TS))).wallets(ADMIN)
                        .data("admin", ADMIN, "proposalId", "5", "timestamp", TS_ISO).invalidate(config),
                pool("op_cncl", vec(addr(ADMIN), u64(5), u64(TS))).wallets(ADMIN)
                        .data("admin", ADMIN, "proposalId", "5", "timestamp", TS_ISO).invalidate(config));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void decodesToTheExactActivityEventUnderEitherNamespaceSpelling(Golden golden) {
        String contractId = golden.contract.equals("invoice") ? INVOICE_CONTRACT : POOL_CONTRACT;
        for (String namespace : CATALOGUE.namespaces(golden.contract)) {
            RawEvent raw = raw(contractId, List.of(sym(namespace), sym(golden.action)), golden.value);

            DecodedEvent decoded = DECODER.decode(raw);

            assertNull(decoded.failure());
            ActivityEvent expected = new ActivityEvent(raw.id(), golden.contract + "." + golden.action, golden.contract,
                    contractId, raw.ledger(), raw.ledgerClosedAt(), raw.txHash(), golden.invoiceId, golden.wallets,
                    golden.data, golden.invalidate);
            assertEquals(expected, decoded.event(), "namespace " + namespace);
            assertEquals(List.copyOf(golden.data.keySet()), List.copyOf(decoded.event().data().keySet()), "field order");
        }
    }

    @Test
    void everyCataloguedShapeHasAGoldenCase() {
        List<Golden> goldens = goldens().toList();
        List<String> missing = new ArrayList<>();
        for (EventShape shape : CATALOGUE.shapes()) {
            List<String> names = shape.fields().stream().map(FieldSpec::name).toList();
            boolean covered = goldens.stream().anyMatch(g -> g.contract.equals(shape.contract())
                    && g.action.equals(shape.action()) && List.copyOf(g.data.keySet()).equals(names));
            if (!covered) {
                missing.add(shape.type() + names);
            }
        }
        assertTrue(missing.isEmpty(), "shapes without a golden case: " + missing);
        assertEquals(CATALOGUE.shapes().size(), goldens.size(), "one golden case per shape");
    }
}
