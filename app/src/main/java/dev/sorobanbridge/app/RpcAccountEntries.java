package dev.sorobanbridge.app;

import dev.sorobanbridge.bridge.auth.AccountEntries;
import dev.sorobanbridge.indexer.rpc.LedgerEntries;
import dev.sorobanbridge.indexer.rpc.RpcException;
import dev.sorobanbridge.indexer.rpc.StellarRpcClient;

import java.util.List;
import java.util.Optional;

/** SEP-10's account lookup on the indexer's RPC client: one {@code getLedgerEntries} per login of an account. */
record RpcAccountEntries(StellarRpcClient rpc) implements AccountEntries {
    @Override
    public Optional<String> entry(String ledgerKey) throws Unavailable {
        try {
            LedgerEntries answer = rpc.getLedgerEntries(List.of(ledgerKey));
            return answer.entries().stream().findFirst().map(LedgerEntries.Entry::xdr);
        } catch (RpcException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }
}
