package dev.sorobanbridge.simulator.activity;

import dev.sorobanbridge.abi.EncodedEvent;
import dev.sorobanbridge.abi.EventCatalogue;
import dev.sorobanbridge.abi.EventEncoder;
import dev.sorobanbridge.abi.EventShape;
import dev.sorobanbridge.abi.FieldSpec;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The long tail: admin and configuration events, and every other catalogued shape no flow
 * emits, published one at a time in catalogue order so that over time every catalogued action
 * appears. Field values are plausible for their name and type (an admin address for
 * {@code admin}, basis points for {@code …Bps}, a live invoice for {@code invoiceId}).
 */
final class CatalogueRotation {
    private static final BigInteger UNIT = BigInteger.TEN.pow(7);

    private final World world;
    private final EventCatalogue catalogue;
    private final EventEncoder encoder;
    private final List<EventShape> shapes;
    /** Types ({@code contract.action}) the flows have published: those the rotation leaves to them. */
    private final Set<String> flowTypes;
    private int next;

    CatalogueRotation(World world, EventCatalogue catalogue, Set<String> flowTypes) {
        this.world = world;
        this.catalogue = catalogue;
        this.encoder = new EventEncoder(catalogue);
        this.shapes = catalogue.shapes();
        this.flowTypes = flowTypes;
    }

    /** Publishes the next shape in the rotation that no flow covers. */
    void publishNext(Tx tx) {
        for (int tried = 0; tried < shapes.size(); tried++) {
            EventShape shape = shapes.get(next);
            next = (next + 1) % shapes.size();
            if (!flowTypes.contains(shape.type())) {
                publish(tx, shape);
                return;
            }
        }
    }

    private void publish(Tx tx, EventShape shape) {
        Map<String, Object> values = new HashMap<>();
        for (FieldSpec field : shape.fields()) {
            boolean optional = field.type().startsWith("option<");
            String type = optional ? field.type().substring(7, field.type().length() - 1) : field.type();
            if (!optional || world.chance(0.7)) {
                values.put(field.name(), value(field.name(), type));
            }
        }
        String namespace = catalogue.namespaces(shape.contract()).getFirst();
        EncodedEvent encoded = encoder.encode(shape, namespace, values);
        String contractId = shape.contract().equals(Tx.INVOICE) ? world.actors.invoiceContract()
                : world.actors.poolContract();
        tx.publishEncoded(contractId, encoded.topicXdr(), encoded.valueXdr());
    }

    private Object value(String name, String type) {
        String lower = name.toLowerCase();
        return switch (type) {
            case "u32" -> u32(lower);
            case "u64", "i64" -> u64(lower);
            case "timestamp" -> lower.endsWith("at") || lower.contains("after") || lower.contains("deadline")
                    || lower.contains("due") ? world.now + world.between(1, 30) * World.DAY : world.now;
            case "i128", "u128" -> BigInteger.valueOf(world.amount(10, 500_000)).multiply(UNIT);
            case "bool" -> world.chance(0.5);
            case "string" -> lower.contains("uri") ? "ipfs://bafysimulated" + world.between(1, 999) : "sim";
            case "symbol" -> "sim";
            case "enum" -> world.chance(0.5) ? "InFavorOfSME" : "InFavorOfDebtor";
            case "bytes" -> new byte[32];
            case "address" -> address(lower);
            default -> throw new IllegalStateException("the catalogue has a field type the simulator does not know: "
                    + type);
        };
    }

    private long u32(String name) {
        if (name.contains("bps")) {
            return world.between(100, 10_000);
        }
        if (name.contains("days")) {
            return world.between(1, 90);
        }
        if (name.contains("ttl")) {
            return world.between(17_280, 535_680);
        }
        return world.between(1, 1_000);
    }

    private long u64(String name) {
        if (name.equals("invoiceid")) {
            return world.someInvoiceId();
        }
        if (name.equals("proposalid")) {
            return ++world.lastProposalId;
        }
        if (name.contains("secs") || name.contains("window") || name.contains("duration")) {
            return world.between(1, 30) * World.DAY;
        }
        return world.between(1, 1_000);
    }

    private String address(String name) {
        Actors actors = world.actors;
        if (name.contains("token")) {
            return world.token();
        }
        if (name.contains("accesscontrol")) {
            return actors.otherContracts().get(1);
        }
        if (name.contains("registry")) {
            return actors.otherContracts().getFirst();
        }
        if (name.contains("auction")) {
            return actors.otherContracts().get(4);
        }
        if (name.contains("oracle")) {
            return world.chance(0.5) ? actors.oracle() : actors.otherContracts().get(5);
        }
        if (name.contains("keeper")) {
            return world.pick(actors.keepers());
        }
        if (name.contains("treasury")) {
            return actors.treasury();
        }
        if (name.equals("pool")) {
            return actors.poolContract();
        }
        if (name.equals("investor") || name.equals("referee")) {
            return world.investor();
        }
        if (name.equals("newadmin")) {
            return world.pick(actors.keepers());
        }
        if (name.equals("admin")) {
            return actors.admin();
        }
        return world.sme();
    }
}
