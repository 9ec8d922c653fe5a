package dev.sorobanbridge.bench.abi;

import dev.sorobanbridge.abi.ActivityEventJson;
import dev.sorobanbridge.abi.DecodedEvent;
import dev.sorobanbridge.abi.EncodedEvent;
import dev.sorobanbridge.abi.EventCatalogue;
import dev.sorobanbridge.abi.EventDecoder;
import dev.sorobanbridge.abi.EventEncoder;
import dev.sorobanbridge.abi.EventShape;
import dev.sorobanbridge.abi.RawEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Decode throughput of contracts-abi, in events per second, over a mix shaped like a busy Astera
 * deployment: mostly deposits, withdrawals, fundings and repayments, some co-funding and listing
 * events, a bare value, a PR #593-era event and one event the catalogue does not know.
 *
 * <pre>
 * java -cp bench/target/classes:... dev.sorobanbridge.bench.abi.DecodeBenchmark [JMH options, e.g. -wi 2 -i 3 -f 1]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {
    private static final String INVOICE_ID = "CCMJI2SD4NOXQLX4TFSU4MAIKBGLLD3SUWYD6ANLCS566Y366HZJBTD5";
    private static final String POOL_ID = "CCPJJ66OWVRO53EU3KEW74BX5JDIWAXDHNZA3IIBVYNJWPQCAXI46CG6";
    private static final String USDC = "CB3FSU632XS3F7XLTRBS3SI7BFSPZLT7ELJSYHEQOCCVSHEH5HZLURYN";
    private static final String SME = "GAVXBBC6Y6CEDGSOPHH5BNTSCH7ZG2ZLV6DDWQPC4SICSBMGJ6RYDB5F";
    private static final String INVESTOR = "GA3TPSDXJSRB3KLWCNQJOC754THLIAMATAL7TORPRB3ZGQFIC5EJZ6XT";
    private static final String ORACLE = "GAGIPOMGMDLTHPK44TDW2PTBPKUINSIRK6B7EPXBY5KJDSRPV3TPCLJE";
    /** The number of events in {@link #mix}; each benchmark invocation decodes all of them. */
    private static final int MIX_SIZE = 25;

    private EventDecoder decoder;
    private ActivityEventJson json;
    private RawEvent[] mix;

    @Setup
    public void setUp() {
        EventCatalogue catalogue = EventCatalogue.load();
        EventEncoder encoder = new EventEncoder(catalogue);
        decoder = new EventDecoder(INVOICE_ID, POOL_ID);
        json = new ActivityEventJson();
        long ts = 1_785_000_000L;
        List<RawEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            add(events, encoder, catalogue, "pool", "deposit", 5, "pool",
                    values("investor", INVESTOR, "token", USDC, "received", "500000000000", "sharesMinted", "499000000000",
                            "timestamp", ts));
        }
        for (int i = 0; i < 2; i++) {
            add(events, encoder, catalogue, "pool", "withdraw", 5, "pool",
                    values("investor", INVESTOR, "token", USDC, "amount", "250000000000", "shares", "249000000000",
                            "timestamp", ts));
            add(events, encoder, catalogue, "invoice", "created", 5, "invoice",
                    values("invoiceId", 42 + i, "owner", SME, "amount", "100000000000",
                            "metadataUri", "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", "timestamp", ts));
            add(events, encoder, catalogue, "invoice", "funded", 3, "invoice",
                    values("invoiceId", 42, "owner", SME, "timestamp", ts));
            add(events, encoder, catalogue, "pool", "rate_snap", 4, "pool",
                    values("token", USDC, "timestamp", ts, "utilizationBps", 8500, "rateBps", 1200));
        }
        add(events, encoder, catalogue, "invoice", "verified", 2, "invoice", values("invoiceId", 42, "oracleHash", "sha256:9f2c"));
        add(events, encoder, catalogue, "pool", "funded", 5, "pool",
                values("invoiceId", 42, "sme", SME, "principal", "100000000000", "token", USDC, "timestamp", ts));
        add(events, encoder, catalogue, "pool", "part_pay", 4, "pool",
                values("invoiceId", 42, "amountPaid", "40000000000", "repaidSoFar", "40000000000", "timestamp", ts));
        add(events, encoder, catalogue, "pool", "repaid", 5, "pool",
                values("invoiceId", 42, "payer", SME, "principal", "100000000000", "interest", "1643835616", "timestamp", ts));
        add(events, encoder, catalogue, "invoice", "paid", 4, "invoice",
                values("invoiceId", 42, "pool", POOL_ID, "owner", SME, "timestamp", ts));
        add(events, encoder, catalogue, "pool", "wd_full", 5, "pool",
                values("investor", INVESTOR, "token", USDC, "amount", "5010", "shares", "5000", "requestId", 3));
        add(events, encoder, catalogue, "pool", "yld_claim", 4, "pool",
                values("investor", INVESTOR, "token", USDC, "claimable", "1643835616", "bonus", "16438356"));
        add(events, encoder, catalogue, "pool", "cf_commit", 4, "pool",
                values("invoiceId", 43, "investor", INVESTOR, "commitAmount", "10000000000", "committedPrincipal", "60000000000"));
        add(events, encoder, catalogue, "pool", "lst_buy", 5, "pool",
                values("listingId", 9, "invoiceId", 43, "seller", INVESTOR, "buyer", SME, "price", "26000000000"));
        add(events, encoder, catalogue, "invoice", "expired", 1, "invoice", values("invoiceId", 44));
        add(events, encoder, catalogue, "invoice", "resolved", 3, "invoice",
                values("invoiceId", 45, "resolution", "InFavorOfSME", "caller", ORACLE));
        add(events, encoder, catalogue, "invoice", "funded", 2, "INVOICE", values("invoiceId", 7, "timestamp", ts));
        // A catalogued action whose payload matches none of its shapes: decoded generically.
        EncodedEvent unknown = encoder.encode(catalogue.find("invoice", "verified", 2).orElseThrow(), "invoice",
                values("invoiceId", 46, "oracleHash", "sha256:ab"));
        EncodedEvent renamed = encoder.encode(catalogue.find("invoice", "st_clean", 2).orElseThrow(), "invoice",
                values("removed", 3, "caller", SME));
        events.add(raw(INVOICE_ID, List.of(unknown.topicXdr().getFirst(), renamed.topicXdr().getFirst()), unknown.valueXdr()));
        if (events.size() != MIX_SIZE) {
            throw new IllegalStateException("the mix has " + events.size() + " events, expected " + MIX_SIZE);
        }
        mix = events.toArray(RawEvent[]::new);
    }

    private static Map<String, Object> values(Object... namesAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return values;
    }

    private static void add(List<RawEvent> events, EventEncoder encoder, EventCatalogue catalogue, String contract,
                            String action, int arity, String namespace, Map<String, Object> values) {
        EventShape shape = catalogue.find(contract, action, arity).orElseThrow();
        EncodedEvent encoded = encoder.encode(shape, namespace, values);
        events.add(raw(contract.equals("invoice") ? INVOICE_ID : POOL_ID, encoded.topicXdr(), encoded.valueXdr()));
    }

    private static RawEvent raw(String contractId, List<String> topics, String value) {
        return new RawEvent("0016320875724804096-0000000000", 3_800_000L, Instant.parse("2026-07-25T17:20:00Z"),
                contractId, "8d8ac22a48150ca3abf6f144ac0a65ad95c3ec0c4f8da365f50d466e7207ac73", topics, value, true);
    }

    /** XDR → ActivityEvent, what the indexer does for every event it polls. */
    @Benchmark
    @OperationsPerInvocation(MIX_SIZE)
    public void decode(Blackhole blackhole) {
        for (RawEvent event : mix) {
            blackhole.consume(decoder.decode(event));
        }
    }

    /** Decoding plus the wire JSON the log stores and the bridge sends. */
    @Benchmark
    @OperationsPerInvocation(MIX_SIZE)
    public void decodeAndWriteJson(Blackhole blackhole) {
        for (RawEvent event : mix) {
            DecodedEvent decoded = decoder.decode(event);
            blackhole.consume(json.write(decoded.event()));
        }
    }

    /** Runs this benchmark alone; JMH command-line options (e.g. {@code -wi 2 -i 3 -f 1}) are passed through. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(DecodeBenchmark.class.getName())
                .build()).run();
    }
}
