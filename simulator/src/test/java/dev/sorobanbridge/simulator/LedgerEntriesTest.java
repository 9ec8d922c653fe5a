package dev.sorobanbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.xdr.AccountEntry;
import org.stellar.sdk.xdr.LedgerEntry;
import org.stellar.sdk.xdr.LedgerEntryType;
import org.stellar.sdk.xdr.LedgerKey;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** getLedgerEntries on account keys: the accounts put on the chain, with their thresholds and signers. */
class LedgerEntriesTest {

    @Test
    void servesTheAccountsPutOnTheChainAndLeavesOutTheOthers() throws Exception {
        try (RpcSimulator sim = RpcSimulator.start(SimulatorOptions.manual(3))) {
            KeyPair account = KeyPair.random();
            KeyPair signer = KeyPair.random();
            sim.putAccount(new SimulatedAccount(account.getAccountId(), 0, 1, 2, 3, Map.of(signer.getAccountId(), 2)));
            String key = accountKey(account);
            String absent = accountKey(KeyPair.random());

            JsonNode result = new RpcCalls(sim.url()).result("getLedgerEntries", Map.of("keys", List.of(key, absent)));
            assertEquals(sim.latestLedger(), result.path("latestLedger").asLong());
            assertEquals(1, result.path("entries").size(), result.toString());
            JsonNode entry = result.path("entries").get(0);
            assertEquals(key, entry.path("key").asText());
            LedgerEntry.LedgerEntryData data = LedgerEntry.LedgerEntryData.fromXdrBase64(entry.path("xdr").asText());
            assertEquals(LedgerEntryType.ACCOUNT, data.getDiscriminant());
            AccountEntry decoded = data.getAccount();
            assertEquals(account.getXdrAccountId(), decoded.getAccountID());
            assertEquals("[0, 1, 2, 3]", Arrays.toString(decoded.getThresholds().getThresholds()));
            assertEquals(1, decoded.getSigners().length);
            assertEquals(signer.getXdrSignerKey(), decoded.getSigners()[0].getKey());
            assertEquals(2L, decoded.getSigners()[0].getWeight().getUint32().getNumber().longValue());
        }
    }

    @Test
    void badKeysAreInvalidParams() throws Exception {
        try (RpcSimulator sim = RpcSimulator.start(SimulatorOptions.manual(3))) {
            RpcCalls rpc = new RpcCalls(sim.url());
            assertEquals(-32602, rpc.error("getLedgerEntries", Map.of("keys", List.of("not base64!"))).path("code").asInt());
            assertEquals(-32602, rpc.error("getLedgerEntries", Map.of()).path("code").asInt());
        }
    }

    private static String accountKey(KeyPair account) throws Exception {
        LedgerKey.LedgerKeyAccount id = new LedgerKey.LedgerKeyAccount();
        id.setAccountID(account.getXdrAccountId());
        LedgerKey key = new LedgerKey();
        key.setDiscriminant(LedgerEntryType.ACCOUNT);
        key.setAccount(id);
        return key.toXdrBase64();
    }
}
