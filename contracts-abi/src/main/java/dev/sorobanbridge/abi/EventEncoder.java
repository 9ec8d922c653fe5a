package dev.sorobanbridge.abi;

import java.util.List;
import java.util.Map;
import org.stellar.sdk.scval.Scv;

/**
 * Builds a catalogued event's XDR from field values, the way the contract publishes it: topics
 * {@code [Symbol namespace, Symbol action]} and the payload as a Vec in field order (or the bare value).
 * For tests and the simulated RPC; the indexer only decodes.
 */
public final class EventEncoder {
    private final EventCatalogue catalogue;

    public EventEncoder(EventCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * @param namespace one of {@link EventCatalogue#namespaces} of the shape's contract
     * @param values    field name → value: BigInteger, Long, Integer or a decimal String for numbers;
     *                  Long/Instant/ISO-8601 String for timestamps; Boolean; String for strkeys, strings,
     *                  symbols and enum variants; byte[] or hex for bytes; null (or absent) for an empty option.
     *                  {@link ActivityEvent#data()} of a decoded event is accepted as is.
     * @throws IllegalArgumentException when the namespace is not the contract's or a value does not fit
     */
    public EncodedEvent encode(EventShape shape, String namespace, Map<String, ?> values) {
        if (!catalogue.namespaces(shape.contract()).contains(namespace)) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is not one of the " + shape.contract()
                    + " contract's " + catalogue.namespaces(shape.contract()));
        }
        ShapeCodec codec = catalogue.codec(shape);
        List<String> topics = List.of(ScValXdr.write(Scv.toSymbol(namespace)), ScValXdr.write(Scv.toSymbol(shape.action())));
        return new EncodedEvent(topics, ScValXdr.write(codec.write(values)));
    }
}
