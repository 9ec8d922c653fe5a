package dev.sorobanbridge.abi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SCValType;

/**
 * An {@link EventShape} made ready for use: field types parsed and field references resolved once, so
 * decoding an event is a type check and a conversion per field. Construction validates the shape and
 * throws IllegalArgumentException with a sentence naming what is wrong.
 */
final class ShapeCodec {
    /** A cache-key template segment: a literal, or the index of the field whose value fills it. */
    private record Segment(String literal, int field) {
    }

    private final EventShape shape;
    private final FieldType[] types;
    private final String[] names;
    private final int invoiceIdIndex;
    private final int[] walletIndexes;
    private final List<List<Segment>> templates;

    ShapeCodec(EventShape shape) {
        this.shape = shape;
        int arity = shape.fields().size();
        if (arity == 0 || (shape.bare() && arity != 1)) {
            throw new IllegalArgumentException("needs " + (shape.bare() ? "exactly one field when bare" : "fields"));
        }
        types = new FieldType[arity];
        names = new String[arity];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < arity; i++) {
            FieldSpec field = shape.fields().get(i);
            if (field.name() == null || field.name().isBlank() || !seen.add(field.name())) {
                throw new IllegalArgumentException("field " + i + " has a missing or repeated name '" + field.name() + "'");
            }
            names[i] = field.name();
            types[i] = FieldType.parse(field.type());
        }
        invoiceIdIndex = shape.invoiceIdField() == null ? -1 : indexOf(shape.invoiceIdField(), "invoiceId");
        if (invoiceIdIndex >= 0 && types[invoiceIdIndex].kind() != FieldType.Kind.U64) {
            throw new IllegalArgumentException("invoice id field '" + shape.invoiceIdField() + "' must be u64");
        }
        walletIndexes = new int[shape.walletFields().size()];
        for (int i = 0; i < walletIndexes.length; i++) {
            walletIndexes[i] = indexOf(shape.walletFields().get(i), "wallets");
            if (types[walletIndexes[i]].kind() != FieldType.Kind.ADDRESS) {
                throw new IllegalArgumentException("wallet field '" + shape.walletFields().get(i) + "' is not an address");
            }
        }
        templates = shape.invalidate().stream().map(this::template).toList();
    }

    EventShape shape() {
        return shape;
    }

    /** The wire-level signature; two shapes of one action must differ in it. */
    String wireSignature() {
        StringBuilder signature = new StringBuilder(shape.bare() ? "bare" : "vec");
        for (FieldType type : types) {
            signature.append(' ').append(type.wireSignature());
        }
        return signature.toString();
    }

    /** The field values as JSON values when {@code value} has this shape, else null. */
    Object[] read(SCVal value) {
        SCVal[] items;
        if (shape.bare()) {
            items = new SCVal[] {value};
        } else if (value.getDiscriminant() == SCValType.SCV_VEC && value.getVec() != null) {
            items = value.getVec().getSCVec();
        } else {
            return null;
        }
        if (items.length != types.length) {
            return null;
        }
        for (int i = 0; i < items.length; i++) {
            if (!types[i].accepts(items[i])) {
                return null;
            }
        }
        Object[] values = new Object[items.length];
        for (int i = 0; i < items.length; i++) {
            values[i] = types[i].toJson(items[i]);
        }
        return values;
    }

    /** The event payload built from field values by name; see {@link FieldType#toScVal} for accepted values. */
    SCVal write(Map<String, ?> values) {
        List<SCVal> items = new ArrayList<>(types.length);
        for (int i = 0; i < types.length; i++) {
            if (!values.containsKey(names[i]) && !types[i].optional()) {
                throw new IllegalArgumentException(shape.type() + ": no value for field '" + names[i] + "'");
            }
            try {
                items.add(types[i].toScVal(values.get(names[i])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(shape.type() + " field '" + names[i] + "': " + e.getMessage(), e);
            }
        }
        return shape.bare() ? items.getFirst() : Scv.toVec(items);
    }

    Map<String, Object> data(Object[] values) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            data.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(data);
    }

    String invoiceId(Object[] values) {
        return invoiceIdIndex < 0 ? null : (String) values[invoiceIdIndex];
    }

    /** Account (G…) addresses of the wallet fields, in field order, without duplicates. */
    List<String> wallets(Object[] values) {
        List<String> wallets = new ArrayList<>(walletIndexes.length);
        for (int index : walletIndexes) {
            if (values[index] instanceof String address && address.startsWith("G") && !wallets.contains(address)) {
                wallets.add(address);
            }
        }
        return wallets;
    }

    /** The cache keys with placeholders filled; a key whose placeholder value is null is left out. */
    List<List<String>> invalidate(Object[] values) {
        List<List<String>> keys = new ArrayList<>(templates.size());
        nextKey:
        for (List<Segment> template : templates) {
            List<String> key = new ArrayList<>(template.size());
            for (Segment segment : template) {
                if (segment.literal() != null) {
                    key.add(segment.literal());
                } else if (values[segment.field()] == null) {
                    continue nextKey;
                } else {
                    key.add(String.valueOf(values[segment.field()]));
                }
            }
            keys.add(key);
        }
        return keys;
    }

    private List<Segment> template(List<String> key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("has an empty invalidate key");
        }
        return key.stream().map(part -> part.startsWith("{") && part.endsWith("}")
                ? new Segment(null, indexOf(part.substring(1, part.length() - 1), "invalidate"))
                : new Segment(part, -1)).toList();
    }

    private int indexOf(String field, String where) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(field)) {
                return i;
            }
        }
        throw new IllegalArgumentException(where + " names '" + field + "', which is not a field");
    }
}
