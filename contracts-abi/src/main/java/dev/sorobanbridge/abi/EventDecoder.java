package dev.sorobanbridge.abi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SCValType;

/**
 * Turns raw RPC events into {@link ActivityEvent}s using the {@link EventCatalogue}. Never throws for
 * bad input and never drops an event:
 * <ul>
 *   <li>the contract is the configured id's ({@code invoice} or {@code pool}); for any other contract id
 *       the namespace topic decides, and when that is no catalogue namespace either the contract is
 *       {@code unknown};</li>
 *   <li>a catalogued {@code (namespace, action)} whose value matches one of its shapes (arity and field
 *       types) becomes {@code <contract>.<action>} with named fields;</li>
 *   <li>anything else is {@code <contract>.unknown} with the decoded topics and value in {@code data}
 *       ({@code {"topics": [...], "value": ...}}) and every account address found in them as wallets;</li>
 *   <li>XDR that is not base64 or not an ScVal gives a {@link DecodedEvent} with a failure and an
 *       {@code <contract>.unknown} event carrying the raw strings ({@code {"topicXdr": [...], "valueXdr": ...}}).</li>
 * </ul>
 * Thread-safe.
 */
public final class EventDecoder {
    private static final String UNKNOWN = "unknown";

    private final String invoiceContractId;
    private final String poolContractId;
    private final EventCatalogue catalogue;

    /** Either id may be null when not configured; events are then attributed by their namespace. */
    public EventDecoder(String invoiceContractId, String poolContractId) {
        this.invoiceContractId = invoiceContractId;
        this.poolContractId = poolContractId;
        this.catalogue = EventCatalogue.load();
    }

    public DecodedEvent decode(RawEvent raw) {
        List<SCVal> topics = new ArrayList<>(raw.topicXdr().size());
        String failure = null;
        for (int i = 0; i < raw.topicXdr().size() && failure == null; i++) {
            try {
                topics.add(ScValXdr.read(raw.topicXdr().get(i)));
            } catch (MalformedXdrException e) {
                failure = "topic " + i + " " + e.getMessage();
            }
        }
        SCVal value = null;
        if (failure == null) {
            try {
                value = ScValXdr.read(raw.valueXdr());
            } catch (MalformedXdrException e) {
                failure = "value " + e.getMessage();
            }
        }
        String namespace = topics.isEmpty() ? null : symbol(topics.getFirst());
        String contract = contractOf(raw.contractId(), namespace);
        if (failure != null) {
            return malformed(raw, contract, failure);
        }
        try {
            return new DecodedEvent(activity(raw, contract, namespace, topics, value), null);
        } catch (RuntimeException e) {
            // A value the structural check let through but a conversion rejects: still deliver the event.
            return malformed(raw, contract, "could not be converted (" + e + ")");
        }
    }

    private static DecodedEvent malformed(RawEvent raw, String contract, String failure) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("topicXdr", raw.topicXdr());
        data.put("valueXdr", raw.valueXdr());
        return new DecodedEvent(event(raw, contract + "." + UNKNOWN, contract, null, List.of(),
                Collections.unmodifiableMap(data), List.of()), "event " + raw.id() + ": " + failure);
    }

    private ActivityEvent activity(RawEvent raw, String contract, String namespace, List<SCVal> topics, SCVal value) {
        if (topics.size() == 2 && catalogue.namespaces(contract).contains(namespace)) {
            String action = symbol(topics.get(1));
            for (ShapeCodec codec : action == null ? List.<ShapeCodec>of() : catalogue.codecs(contract, action)) {
                Object[] values = codec.read(value);
                if (values != null) {
                    return event(raw, codec.shape().type(), contract, codec.invoiceId(values), codec.wallets(values),
                            codec.data(values), codec.invalidate(values));
                }
            }
        }
        List<String> accounts = new ArrayList<>();
        List<Object> topicJson = new ArrayList<>(topics.size());
        for (SCVal topic : topics) {
            topicJson.add(ScValJson.toJson(topic, accounts));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("topics", Collections.unmodifiableList(topicJson));
        data.put("value", ScValJson.toJson(value, accounts));
        return event(raw, contract + "." + UNKNOWN, contract, null, accounts, Collections.unmodifiableMap(data), List.of());
    }

    private String contractOf(String contractId, String namespace) {
        if (contractId != null && contractId.equals(invoiceContractId)) {
            return "invoice";
        }
        if (contractId != null && contractId.equals(poolContractId)) {
            return "pool";
        }
        return namespace == null ? UNKNOWN : catalogue.contractOfNamespace(namespace).orElse(UNKNOWN);
    }

    private static String symbol(SCVal v) {
        return v.getDiscriminant() == SCValType.SCV_SYMBOL ? Scv.fromSymbol(v) : null;
    }

    private static ActivityEvent event(RawEvent raw, String type, String contract, String invoiceId,
                                       List<String> wallets, Map<String, Object> data, List<List<String>> invalidate) {
        return new ActivityEvent(raw.id(), type, contract, raw.contractId(), raw.ledger(), raw.ledgerClosedAt(),
                raw.txHash(), invoiceId, wallets, data, invalidate);
    }
}
