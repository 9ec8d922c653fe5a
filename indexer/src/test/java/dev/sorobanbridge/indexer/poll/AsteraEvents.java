package dev.sorobanbridge.indexer.poll;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds getEvents event objects in the RPC's wire shape, with Astera payloads encoded by
 * stellar-java-sdk's {@code Scv} in the shapes of docs/events.md. Contract and account strkeys
 * are the constructed fixture's (fixtures/astera/*.notes.json): valid, owned by nobody.
 */
final class AsteraEvents {
    static final String INVOICE = "CCMJI2SD4NOXQLX4TFSU4MAIKBGLLD3SUWYD6ANLCS566Y366HZJBTD5";
    static final String POOL = "CCPJJ66OWVRO53EU3KEW74BX5JDIWAXDHNZA3IIBVYNJWPQCAXI46CG6";
    static final String TOKEN = "CB3FSU632XS3F7XLTRBS3SI7BFSPZLT7ELJSYHEQOCCVSHEH5HZLURYN";
    static final String SME = "GAVXBBC6Y6CEDGSOPHH5BNTSCH7ZG2ZLV6DDWQPC4SICSBMGJ6RYDB5F";
    static final String INVESTOR = "GA3TPSDXJSRB3KLWCNQJOC754THLIAMATAL7TORPRB3ZGQFIC5EJZ6XT";

    private AsteraEvents() {}

    /** The RPC event id: the TOID {@code ledger << 32 | tx << 12 | op}, then the event index. */
    static String id(long ledger, int tx, int op, int index) {
        return "%019d-%010d".formatted(ledger << 32 | (long) tx << 12 | op, index);
    }

    /** invoice.created: (id:u64, owner:Address, amount:i128, metadata_uri:Option<String>, ts:u64) */
    static ObjectNode invoiceCreated(long ledger, int tx, long invoiceId, long amount, Instant closedAt) {
        return event(ledger, tx, 0, INVOICE, "invoice", "created", closedAt, Scv.toVec(List.of(
                u64(invoiceId), Scv.toAddress(SME), Scv.toInt128(BigInteger.valueOf(amount)),
                Scv.toString("ipfs://invoice-" + invoiceId), u64(closedAt.getEpochSecond()))));
    }

    /** invoice.funded via record_funding: (id:u64, owner:Address, ts:u64) */
    static ObjectNode invoiceFunded(long ledger, int tx, long invoiceId, Instant closedAt) {
        return event(ledger, tx, 0, INVOICE, "invoice", "funded", closedAt, Scv.toVec(List.of(
                u64(invoiceId), Scv.toAddress(SME), u64(closedAt.getEpochSecond()))));
    }

    /** pool.funded: (invoice_id:u64, sme:Address, principal:i128, token:Address, ts:u64), second event of the tx. */
    static ObjectNode poolFunded(long ledger, int tx, long invoiceId, long principal, Instant closedAt) {
        ObjectNode event = event(ledger, tx, 1, POOL, "pool", "funded", closedAt, Scv.toVec(List.of(
                u64(invoiceId), Scv.toAddress(SME), Scv.toInt128(BigInteger.valueOf(principal)), Scv.toAddress(TOKEN),
                u64(closedAt.getEpochSecond()))));
        event.put("id", id(ledger, tx, 0, 1));
        event.put("operationIndex", 0);
        return event;
    }

    /** pool.deposit: (investor:Address, token:Address, received:i128, shares_minted:i128, ts:u64) */
    static ObjectNode poolDeposit(long ledger, int tx, long amount, Instant closedAt) {
        return event(ledger, tx, 0, POOL, "pool", "deposit", closedAt, Scv.toVec(List.of(
                Scv.toAddress(INVESTOR), Scv.toAddress(TOKEN), Scv.toInt128(BigInteger.valueOf(amount)),
                Scv.toInt128(BigInteger.valueOf(amount)), u64(closedAt.getEpochSecond()))));
    }

    /** invoice.expired: a bare u64 id. */
    static ObjectNode invoiceExpired(long ledger, int tx, long invoiceId, Instant closedAt) {
        return event(ledger, tx, 0, INVOICE, "invoice", "expired", closedAt, u64(invoiceId));
    }

    /** An invoice event whose value is not an ScVal at all (three zero bytes). */
    static ObjectNode malformedInvoiceEvent(long ledger, int tx, Instant closedAt) {
        ObjectNode event = invoiceExpired(ledger, tx, 1, closedAt);
        event.put("value", "AAAA");
        return event;
    }

    /** An event emitted by a contract call that later failed. */
    static ObjectNode failedCall(ObjectNode event) {
        return event.put("inSuccessfulContractCall", false);
    }

    private static ObjectNode event(long ledger, int tx, int op, String contractId, String namespace, String action,
                                    Instant closedAt, SCVal value) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        String id = id(ledger, tx, op, 0);
        event.put("type", "contract");
        event.put("ledger", ledger);
        event.put("ledgerClosedAt", closedAt.toString());
        event.put("contractId", contractId);
        event.put("id", id);
        event.put("operationIndex", op);
        event.put("transactionIndex", tx);
        event.put("inSuccessfulContractCall", true);
        event.putArray("topic").add(xdr(Scv.toSymbol(namespace))).add(xdr(Scv.toSymbol(action)));
        event.put("value", xdr(value));
        event.put("txHash", HexFormat.of().formatHex(sha256(id)));
        return event;
    }

    private static SCVal u64(long value) {
        return Scv.toUint64(BigInteger.valueOf(value));
    }

    private static String xdr(SCVal value) {
        try {
            return value.toXdrBase64();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
