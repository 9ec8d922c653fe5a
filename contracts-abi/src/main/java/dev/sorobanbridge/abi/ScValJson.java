package dev.sorobanbridge.abi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCError;
import org.stellar.sdk.xdr.SCMapEntry;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SCValType;

/**
 * Any ScVal as a JSON value, for events the catalogue does not know (like {@code scValToNative}, but
 * JSON-safe): 32-bit integers are numbers, wider integers and time points decimal strings, symbols and
 * strings strings, addresses strkeys, bytes hex, Vec an array (so an enum variant {@code Vec[Symbol("A")]}
 * reads {@code ["A"]}), a Map with string or symbol keys an object and any other Map an array of
 * {@code [key, value]} pairs, Void {@code null}.
 */
final class ScValJson {
    private ScValJson() {
    }

    /** Converts {@code v}, adding every account (G…) address met on the way to {@code accounts}. */
    static Object toJson(SCVal v, Collection<String> accounts) {
        return switch (v.getDiscriminant()) {
            case SCV_BOOL -> Scv.fromBoolean(v);
            case SCV_VOID -> null;
            case SCV_ERROR -> error(v.getError());
            case SCV_U32 -> Scv.fromUint32(v);
            case SCV_I32 -> (long) Scv.fromInt32(v);
            case SCV_U64 -> Scv.fromUint64(v).toString();
            case SCV_I64 -> Long.toString(Scv.fromInt64(v));
            case SCV_TIMEPOINT -> Scv.fromTimePoint(v).toString();
            case SCV_DURATION -> Scv.fromDuration(v).toString();
            case SCV_U128 -> Scv.fromUint128(v).toString();
            case SCV_I128 -> Scv.fromInt128(v).toString();
            case SCV_U256 -> Scv.fromUint256(v).toString();
            case SCV_I256 -> Scv.fromInt256(v).toString();
            case SCV_BYTES -> HexFormat.of().formatHex(Scv.fromBytes(v));
            case SCV_STRING -> new String(Scv.fromString(v), StandardCharsets.UTF_8);
            case SCV_SYMBOL -> Scv.fromSymbol(v);
            case SCV_VEC -> v.getVec() == null ? null : list(v.getVec().getSCVec(), accounts);
            case SCV_MAP -> v.getMap() == null ? null : map(v.getMap().getSCMap(), accounts);
            case SCV_ADDRESS -> address(v, accounts);
            case SCV_CONTRACT_INSTANCE -> Map.of("contractInstance", ScValXdr.write(v));
            case SCV_LEDGER_KEY_CONTRACT_INSTANCE -> "LedgerKeyContractInstance";
            case SCV_LEDGER_KEY_NONCE -> Map.of("nonce", Long.toString(Scv.fromLedgerKeyNonce(v)));
        };
    }

    private static List<Object> list(SCVal[] items, Collection<String> accounts) {
        List<Object> list = new ArrayList<>(items.length);
        for (SCVal item : items) {
            list.add(toJson(item, accounts));
        }
        return Collections.unmodifiableList(list);
    }

    private static Object map(SCMapEntry[] entries, Collection<String> accounts) {
        boolean textKeys = true;
        for (SCMapEntry entry : entries) {
            SCValType keyType = entry.getKey().getDiscriminant();
            textKeys &= keyType == SCValType.SCV_SYMBOL || keyType == SCValType.SCV_STRING;
        }
        if (textKeys) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (SCMapEntry entry : entries) {
                object.put((String) toJson(entry.getKey(), accounts), toJson(entry.getVal(), accounts));
            }
            return Collections.unmodifiableMap(object);
        }
        List<Object> pairs = new ArrayList<>(entries.length);
        for (SCMapEntry entry : entries) {
            pairs.add(Collections.unmodifiableList(
                    Arrays.asList(toJson(entry.getKey(), accounts), toJson(entry.getVal(), accounts))));
        }
        return Collections.unmodifiableList(pairs);
    }

    private static String address(SCVal v, Collection<String> accounts) {
        String strkey = Strkeys.of(v.getAddress());
        if (Strkeys.isAccount(v.getAddress()) && !accounts.contains(strkey)) {
            accounts.add(strkey);
        }
        return strkey;
    }

    private static Map<String, Object> error(SCError error) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", error.getDiscriminant().name());
        json.put("code", error.getContractCode() != null
                ? (Object) error.getContractCode().getUint32().getNumber()
                : error.getCode().name());
        return json;
    }
}
