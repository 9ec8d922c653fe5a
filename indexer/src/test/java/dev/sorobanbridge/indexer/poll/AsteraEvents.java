package dev.sorobanbridge.indexer.poll;

import static dev.sorobanbridge.abi.ScVals.addr;
import static dev.sorobanbridge.abi.ScVals.i128;
import static dev.sorobanbridge.abi.ScVals.str;
import static dev.sorobanbridge.abi.ScVals.sym;
import static dev.sorobanbridge.abi.ScVals.u64;
import static dev.sorobanbridge.abi.ScVals.vec;
import static dev.sorobanbridge.abi.ScVals.xdr;
import static dev.sorobanbridge.testsupport.AsteraKeys.INVESTOR;
import static dev.sorobanbridge.testsupport.AsteraKeys.INVOICE_CONTRACT;
import static dev.sorobanbridge.testsupport.AsteraKeys.POOL_CONTRACT;
import static dev.sorobanbridge.testsupport.AsteraKeys.SME;
import static dev.sorobanbridge.testsupport.AsteraKeys.USDC;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stellar.sdk.xdr.SCVal;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Builds getEvents event objects in the RPC's wire shape, with Astera payloads encoded by
 * contracts-abi's {@code ScVals} in the shapes of docs/events.md. Contract and account strkeys
 * are the constructed fixture's (fixtures/astera/*.notes.json): valid, owned by nobody.
 */
final class AsteraEvents {
    private AsteraEvents() {}

    /** The RPC event id: the TOID {@code ledger << 32 | tx << 12 | op}, then the event index. */
    static String id(long ledger, int tx, int op, int index) {
        return "%019d-%010d".formatted(ledger << 32 | (long) tx << 12 | op, index);
    }

    /** invoice.created: (id:u64, owner:Address, amount:i128, metadata_uri:Option<String>, ts:u64) */
    static ObjectNode invoiceCreated(long ledger, int tx, long invoiceId, long amount, Instant closedAt) {
        return event(ledger, tx, 0, INVOICE_CONTRACT, "invoice", "created", closedAt, vec(
                u64(invoiceId), addr(SME), i128(BigInteger.valueOf(amount)),
                str("ipfs://invoice-" + invoiceId), u64(closedAt.getEpochSecond())));
    }

    /** invoice.funded via record_funding: (id:u64, owner:Address, ts:u64) */
    static ObjectNode invoiceFunded(long ledger, int tx, long invoiceId, Instant closedAt) {
        return event(ledger, tx, 0, INVOICE_CONTRACT, "invoice", "funded", closedAt, vec(
                u64(invoiceId), addr(SME), u64(closedAt.getEpochSecond())));
    }

    /** pool.funded: (invoice_id:u64, sme:Address, principal:i128, token:Address, ts:u64), second event of the tx. */
    static ObjectNode poolFunded(long ledger, int tx, long invoiceId, long principal, Instant closedAt) {
        ObjectNode event = event(ledger, tx, 1, POOL_CONTRACT, "pool", "funded", closedAt, vec(
                u64(invoiceId), addr(SME), i128(BigInteger.valueOf(principal)), addr(USDC),
                u64(closedAt.getEpochSecond())));
        event.put("id", id(ledger, tx, 0, 1));
        event.put("operationIndex", 0);
        return event;
    }

    /** pool.deposit: (investor:Address, token:Address, received:i128, shares_minted:i128, ts:u64) */
    static ObjectNode poolDeposit(long ledger, int tx, long amount, Instant closedAt) {
        return event(ledger, tx, 0, POOL_CONTRACT, "pool", "deposit", closedAt, vec(
                addr(INVESTOR), addr(USDC), i128(BigInteger.valueOf(amount)),
                i128(BigInteger.valueOf(amount)), u64(closedAt.getEpochSecond())));
    }

    /** invoice.expired: a bare u64 id. */
    static ObjectNode invoiceExpired(long ledger, int tx, long invoiceId, Instant closedAt) {
        return event(ledger, tx, 0, INVOICE_CONTRACT, "invoice", "expired", closedAt, u64(invoiceId));
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
        event.putArray("topic").add(xdr(sym(namespace))).add(xdr(sym(action)));
        event.put("value", xdr(value));
        event.put("txHash", HexFormat.of().formatHex(sha256(id)));
        return event;
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
