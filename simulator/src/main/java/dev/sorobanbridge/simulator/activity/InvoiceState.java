package dev.sorobanbridge.simulator.activity;

/**
 * Where a simulated invoice is in its lifecycle (docs/events.md#invoice-lifecycle). Finer than the contract's
 * {@code InvoiceStatus}: it also tells which flow may come next.
 */
enum InvoiceState {
    PENDING,
    AWAITING_VERIFICATION,
    VERIFIED,
    /** the oracle rejected it; {@code resolve_dispute} decides */
    VERIFICATION_DISPUTED,
    /** a co-funding round is open on it (the contract still says Verified) */
    CO_FUNDING,
    FUNDED,
    /** the pool booked the full repayment; the invoice's {@code mark_paid} is still to come */
    REPAID,
    PAID,
    DEFAULTED,
    /** the borrower contests the default; {@code resolve_default_dispute} decides */
    DEFAULT_DISPUTED,
    CANCELLED,
    EXPIRED;

    boolean terminal() {
        return this == PAID || this == DEFAULTED || this == CANCELLED || this == EXPIRED;
    }
}
