package dev.sorobanbridge.bench.driver;

import java.util.List;

/** Invoice ids and wallets that occur in the server's log: what filtered streams subscribe to. */
public record EventSample(List<String> invoiceIds, List<String> wallets) {
    public EventSample {
        invoiceIds = List.copyOf(invoiceIds);
        wallets = List.copyOf(wallets);
    }
}
