package dev.sorobanbridge.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sorobanbridge.testsupport.AsteraKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventCatalogueTest {
    private final EventCatalogue catalogue = EventCatalogue.load();

    // Every action the contracts publish (docs/events.md#where-the-shapes-come-from), PR #593's high_util included.
    private static final Set<String> INVOICE_ACTIONS = Set.of("created", "verified", "disputed", "resolved", "funded",
            "paid", "default", "cancelled", "dispute", "vtimeout", "expired", "private", "extension_requested",
            "extension_approved", "gp_upd", "def_warn", "cleanup", "st_clean",
            "debtor_reg_updated", "oracle_req_updated", "paused", "unpaused", "oracle_updated", "sec_oracle_upd",
            "registry_upd", "consensus_req_upd", "cmp_set", "cmp_req", "keeper_added", "keeper_removed", "set_ac",
            "ac_pause", "ac_oracle", "ac_keeper", "meta_img", "daily_limit_updated", "dispute_window_updated",
            "grace_period_updated", "due_window_updated", "max_amount_updated", "sme_max", "expiration_updated",
            "set_cttl", "set_pool", "timelock_updated", "upg_prop", "upgraded", "admin_chg_proposed", "admin_changed",
            "admin_chg_cancelled");
    private static final Set<String> POOL_ACTIONS = Set.of("funded", "util_warn", "rate_snap", "part_pay", "repaid",
            "inv_cncl", "due_ext", "cleanup", "ins_pay", "col_dep", "col_topup", "col_ret", "col_seiz_default",
            "cf_open", "tcf_open", "cf_commit", "tcf_cmt", "cf_wthdw", "cf_cncl", "cf_exp", "cf_fin", "shr_xfer",
            "lst_open", "lst_cncl", "lst_buy",
            "deposit", "conc_excd", "withdraw", "wd_queue", "wd_full", "wd_part", "wd_cncl", "yld_claim", "ref_pay",
            "paused", "unpaused", "add_token", "rm_token", "col_cfg", "yield_chg", "y_prop", "y_cncl", "set_y_pol",
            "rm_prop", "rm_exec", "rm_cncl", "set_comp", "set_min_d", "set_conc", "set_treas", "rev_wdraw", "set_ac",
            "ac_pause", "ac_yield", "ac_treas", "ac_rev", "ac_orcl", "ac_kycreq", "ac_kycset", "ac_util", "loy_set",
            "set_wdlim", "set_wdage", "set_wdcap", "set_orcl", "set_auct", "orcl_stl", "fb_price", "max_util", "bounds",
            "set_rate", "cmp_set", "cmp_req", "ref_set", "kyc_req", "kyc_set", "kyc_appr", "kyc_rej", "timelock_updated",
            "upg_prop", "upgraded", "admin_chg_proposed", "admin_changed", "admin_chg_cancelled", "op_delay", "op_prop",
            "op_exec", "op_cncl", "high_util");
    // The frontend's SWR key factories (docs/events.md#cache-keys).
    private static final Set<String> KEY_FACTORIES = Set.of("invoice", "invoice-metadata", "funded-invoice",
            "invoice-count", "position", "token-totals", "co-funding-rounds", "co-funding-positions", "referrer",
            "referral-stats", "credit-score", "pool-config", "accepted-tokens");

    private Set<String> actions(String contract) {
        return catalogue.shapes().stream().filter(s -> s.contract().equals(contract)).map(EventShape::action)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void catalogsEveryDocumentedAction() {
        assertEquals(new TreeSet<>(INVOICE_ACTIONS), actions("invoice"));
        assertEquals(new TreeSet<>(POOL_ACTIONS), actions("pool"));
        assertEquals(157, catalogue.shapes().size());
    }

    @Test
    void findsShapesByContractActionAndArity() {
        EventShape markFunded = catalogue.find("invoice", "funded", 4).orElseThrow();
        assertEquals(List.of("invoiceId", "pool", "owner", "timestamp"), markFunded.fields().stream().map(FieldSpec::name).toList());
        assertEquals(new FieldSpec("timestamp", "timestamp"), markFunded.fields().get(3));
        assertEquals("invoice.funded", markFunded.type());
        assertEquals(List.of("owner"), markFunded.walletFields());

        assertEquals(2, catalogue.find("invoice", "funded", 2).orElseThrow().arity());
        assertTrue(catalogue.find("invoice", "funded", 5).isEmpty());
        assertTrue(catalogue.find("invoice", "no_such_action", 2).isEmpty());
        assertTrue(catalogue.find("treasury", "funded", 4).isEmpty());

        EventShape expired = catalogue.find("invoice", "expired", 1).orElseThrow();
        assertTrue(expired.bare());
        assertEquals(List.of(new FieldSpec("invoiceId", "u64")), expired.fields());

        EventShape listing = catalogue.find("pool", "lst_open", 5).orElseThrow();
        assertEquals("invoiceId", listing.invoiceIdField());
        assertEquals("invoiceId", listing.fields().get(1).name());

        assertEquals(new FieldSpec("metadataUri", "option<string>"),
                catalogue.find("invoice", "created", 5).orElseThrow().fields().get(3));
    }

    @Test
    void resolvedHasTwoShapesOfArityThree() {
        List<EventShape> resolved = catalogue.shapes().stream().filter(s -> s.type().equals("invoice.resolved")).toList();
        assertEquals(2, resolved.size());
        assertEquals("enum", resolved.get(0).fields().get(1).type());
        assertEquals("address", resolved.get(1).fields().get(1).type());
        assertEquals(resolved.get(0), catalogue.find("invoice", "resolved", 3).orElseThrow());
    }

    @Test
    void namespacesListTheCurrentSpellingFirst() {
        assertEquals(List.of("invoice", "INVOICE"), catalogue.namespaces("invoice"));
        assertEquals(List.of("pool", "POOL"), catalogue.namespaces("pool"));
        assertEquals(List.of(), catalogue.namespaces("unknown"));
    }

    @Test
    void fieldNamesAreCamelCaseAndKeysUseTheFrontendFactories() {
        List<String> problems = new ArrayList<>();
        for (EventShape shape : catalogue.shapes()) {
            shape.fields().stream().map(FieldSpec::name).filter(n -> !n.matches("[a-z][a-zA-Z0-9]*"))
                    .forEach(n -> problems.add(shape.type() + " field " + n));
            shape.invalidate().stream().filter(k -> !KEY_FACTORIES.contains(k.getFirst()))
                    .forEach(k -> problems.add(shape.type() + " key " + k));
            if (shape.invoiceIdField() != null && !shape.invoiceIdField().equals("invoiceId")) {
                problems.add(shape.type() + " invoice id field " + shape.invoiceIdField());
            }
        }
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void shapesAreImmutable() {
        EventShape shape = catalogue.shapes().getFirst();
        assertThrows(UnsupportedOperationException.class, () -> shape.fields().clear());
        assertThrows(UnsupportedOperationException.class, () -> catalogue.shapes().clear());
    }

    // --- invalid catalogue files: one clear sentence each ---

    private static String file(String events) {
        return "{\"contract\": \"demo\", \"namespaces\": [\"demo\"], \"events\": [" + events + "]}";
    }

    private static String rejection(String... files) {
        return assertThrows(IllegalArgumentException.class, () -> EventCatalogue.parse(List.of(files))).getMessage();
    }

    @Test
    void rejectsAnUnknownFieldType() {
        String message = rejection(file("{\"action\": \"a\", \"fields\": [\"x:u33\"], \"invalidate\": []}"));
        assertTrue(message.contains("event catalogue 'demo' event #0 'a'") && message.contains("unknown field type 'u33'"), message);
    }

    @Test
    void rejectsReferencesToMissingOrWrongFields() {
        assertTrue(rejection(file("{\"action\": \"a\", \"fields\": [\"x:u64\"], \"invoiceId\": \"id\", \"invalidate\": []}"))
                .contains("invoiceId names 'id', which is not a field"));
        assertTrue(rejection(file("{\"action\": \"a\", \"fields\": [\"x:u32\"], \"invoiceId\": \"x\", \"invalidate\": []}"))
                .contains("must be u64"));
        assertTrue(rejection(file("{\"action\": \"a\", \"fields\": [\"x:u64\"], \"wallets\": [\"x\"], \"invalidate\": []}"))
                .contains("wallet field 'x' is not an address"));
        assertTrue(rejection(file("{\"action\": \"a\", \"fields\": [\"x:u64\"], \"invalidate\": [[\"invoice\", \"{y}\"]]}"))
                .contains("invalidate names 'y', which is not a field"));
        assertTrue(rejection(file("{\"action\": \"a\", \"fields\": [\"x:u64\", \"x:u32\"], \"invalidate\": []}"))
                .contains("repeated name 'x'"));
        assertTrue(rejection(file("{\"action\": \"a\", \"bare\": true, \"fields\": [\"x:u64\", \"y:u32\"], \"invalidate\": []}"))
                .contains("exactly one field when bare"));
        assertTrue(rejection(file("{\"action\": \"a\", \"fields\": [\"x\"], \"invalidate\": []}"))
                .contains("field 'x' is not written as name:type"));
    }

    @Test
    void rejectsShapesThatCannotBeToldApartOnTheWire() {
        String message = rejection(file("{\"action\": \"a\", \"fields\": [\"x:u64\"], \"invalidate\": []},"
                + "{\"action\": \"a\", \"fields\": [\"when:timestamp\"], \"invalidate\": []}"));
        assertTrue(message.contains("two shapes of demo.a cannot be told apart"), message);
    }

    @Test
    void rejectsStructuralMistakes() {
        assertTrue(rejection(file("{\"action\": \"a\", \"fields\": [\"x:u64\"], \"wallet\": [], \"invalidate\": []}"))
                .contains("unknown key 'wallet'"));
        assertTrue(rejection(file("{\"fields\": [\"x:u64\"], \"invalidate\": []}")).contains("lacks 'action'"));
        assertTrue(rejection(file("{\"action\": \"a\", \"fields\": [\"x:u64\"]}")).contains("lacks 'invalidate'"));
        assertTrue(rejection("{\"contract\": \"demo\", \"namespaces\": [], \"events\": []}").contains("lists no namespaces"));
        assertTrue(rejection(file(""), file("")).contains("'demo' is given twice"));
        assertTrue(rejection(file(""), "{\"contract\": \"other\", \"namespaces\": [\"demo\"], \"events\": []}")
                .contains("namespace 'demo' is claimed by both demo and other"));
        assertTrue(rejection("{not json").contains("not valid JSON"));
    }

    @Test
    void aKeyWhosePlaceholderIsAnAbsentOptionIsLeftOut() {
        EventCatalogue custom = EventCatalogue.parse(List.of(file("{\"action\": \"a\", "
                + "\"fields\": [\"who:option<address>\"], \"wallets\": [\"who\"], "
                + "\"invalidate\": [[\"position\", \"{who}\"], [\"pool-config\"]]}")));
        ShapeCodec codec = custom.codecs("demo", "a").getFirst();

        Object[] absent = codec.read(ScVals.vec(ScVals.none()));
        Object[] present = codec.read(ScVals.vec(ScVals.addr(AsteraKeys.SME)));

        assertEquals(List.of(List.of("pool-config")), codec.invalidate(absent));
        assertEquals(List.of(), codec.wallets(absent));
        assertEquals(List.of(List.of("position", AsteraKeys.SME), List.of("pool-config")), codec.invalidate(present));
        assertFalse(codec.wallets(present).isEmpty());
    }
}
