package dev.sorobanbridge.simulator.activity;

import dev.sorobanbridge.abi.ScVals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stellar.sdk.xdr.SCVal;

/**
 * Collects what one transaction publishes. Topics are {@code [Symbol namespace, Symbol action]}
 * with the HEAD namespaces {@code invoice} and {@code pool} (docs/events.md#where-the-shapes-come-from).
 */
final class Tx {
    static final String INVOICE = "invoice";
    static final String POOL = "pool";

    private final Actors actors;
    private final Map<String, String> symbolCache;
    private final Set<String> publishedTypes;
    private final List<ContractEvent> events = new ArrayList<>();

    /**
     * @param publishedTypes collects {@code contract.action} of every event published through
     *                       {@link #invoice} and {@link #pool} (the hand-written flows)
     */
    Tx(Actors actors, Map<String, String> symbolCache, Set<String> publishedTypes) {
        this.actors = actors;
        this.symbolCache = symbolCache;
        this.publishedTypes = publishedTypes;
    }

    void invoice(String action, SCVal data) {
        publish(actors.invoiceContract(), INVOICE, action, data);
    }

    void pool(String action, SCVal data) {
        publish(actors.poolContract(), POOL, action, data);
    }

    /** An event whose topic and value are already encoded (the catalogue rotation). */
    void publishEncoded(String contractId, List<String> topicXdr, String valueXdr) {
        events.add(new ContractEvent(contractId, topicXdr, valueXdr));
    }

    Transaction build(boolean successful) {
        return new Transaction(events, successful);
    }

    private void publish(String contractId, String namespace, String action, SCVal data) {
        publishedTypes.add(namespace + "." + action);
        events.add(new ContractEvent(contractId, List.of(symbol(namespace), symbol(action)), ScVals.xdr(data)));
    }

    private String symbol(String name) {
        // a handful of symbols make up every topic: encode each once
        return symbolCache.computeIfAbsent(name, n -> ScVals.xdr(ScVals.sym(n)));
    }
}
