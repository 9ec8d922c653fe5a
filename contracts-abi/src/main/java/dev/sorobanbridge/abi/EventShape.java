package dev.sorobanbridge.abi;

import java.util.List;

/**
 * One payload shape of a contract event, as the catalogue resource describes it. The same action can
 * have several shapes (contract versions, or two functions publishing one symbol); they differ in
 * arity or in field types.
 *
 * @param contract       {@code invoice} or {@code pool}
 * @param action         the second topic, e.g. {@code funded}
 * @param bare           the value is the single field itself, not wrapped in a Vec
 * @param fields         the payload fields in wire order (one field when bare)
 * @param invoiceIdField the field holding the invoice id, or null when the event is not about one invoice
 * @param walletFields   address fields naming the parties involved (only account addresses become wallets)
 * @param invalidate     cache-key templates: literal segments, or {@code {field}} placeholders
 * @param note           for readers: which contract function publishes it, and when; may be empty
 */
public record EventShape(String contract, String action, boolean bare, List<FieldSpec> fields,
                         String invoiceIdField, List<String> walletFields, List<List<String>> invalidate,
                         String note) {
    public EventShape {
        fields = List.copyOf(fields);
        walletFields = List.copyOf(walletFields);
        invalidate = invalidate.stream().map(List::copyOf).toList();
        note = note == null ? "" : note;
    }

    /** {@code <contract>.<action>}, the activity event type. */
    public String type() {
        return contract + "." + action;
    }

    /** The number of payload fields; 1 for a bare value. */
    public int arity() {
        return fields.size();
    }
}
