package dev.sorobanbridge.simulator.activity;

import java.util.ArrayList;
import java.util.List;

/** A simulated invoice: what the flows need to emit consistent events about it. Amounts in whole tokens. */
final class Invoice {
    final long id;
    final String owner;
    final long amount;
    final String token;
    InvoiceState state;
    long dueDate;
    long principal;
    long repaid;
    long collateral;
    boolean extensionRequested;
    /** Investors holding a co-funded share: the sellers on the secondary market. */
    final List<String> holders = new ArrayList<>();

    Invoice(long id, String owner, long amount, String token, InvoiceState state, long dueDate) {
        this.id = id;
        this.owner = owner;
        this.amount = amount;
        this.token = token;
        this.state = state;
        this.dueDate = dueDate;
    }
}
