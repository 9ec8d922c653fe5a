/** One normalised activity event, exactly as the bridge sends it (docs/design.md#activity-events). */
export interface ActivityEvent {
  /** RPC event id, e.g. `0016010972359577600-0000000001`: unique and ordered (fixed width, so string order is id order). */
  id: string;
  /** `<contract>.<action>`, e.g. `invoice.funded`, or `<contract>.unknown`. */
  type: string;
  contract: string;
  contractId: string;
  ledger: number;
  /** ISO-8601 UTC. */
  ledgerClosedAt: string;
  txHash: string;
  /** Decimal string, or null when the event is not about one invoice. */
  invoiceId: string | null;
  /** Every account (G…) the event involves. */
  wallets: string[];
  /** Decoded fields by name; u64/i128 values are decimal strings. */
  data: Record<string, unknown>;
  /** Cache keys to invalidate, e.g. `[["invoice","42"],["invoice-count"]]`. */
  invalidate: string[][];
}

/** Data of the `reset` system event: the app must refetch its state. */
export interface ResetInfo {
  reason: string;
  oldestEventId?: string | null;
}

/**
 * `connecting`: never connected yet; `reconnecting`: was connected and lost it;
 * `error`: gave up (credentials refused, bad filter, session revoked); `disconnected`: closed or logged out.
 */
export type Status = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'error';

/** The indexed head, from the stream's `connected` and `heartbeat` events. */
export interface Head {
  /** Ledger of the newest event in the log; null while the log is empty. */
  ledger: number | null;
  /** ISO-8601 UTC close time of that ledger; null while the log is empty. */
  ledgerClosedAt: string | null;
  /** Ledgers the indexer is behind the chain; null from a node that does not index (it cannot tell). */
  lagLedgers: number | null;
}

export interface ConnectionState {
  status: Status;
  /** Id of the newest event delivered (or the history's head): where a resume starts. */
  lastEventId: string | null;
  /** Why the status is `error`; also set while a retry is pending. */
  error?: Error;
  /** The indexed head as of the last `connected` or `heartbeat` event; null before the first. */
  head: Head | null;
  /** When the stream last opened (epoch ms); null if it never did. */
  lastConnectedAt: number | null;
  /** When the last live event arrived (epoch ms); null before the first. */
  lastEventAt: number | null;
  /** Failed attempts since the stream was last open: 0 while connected. */
  attempt: number;
  /** The newest failure and when it happened (epoch ms); kept after recovering. */
  lastError: { message: string; at: number } | null;
}

/** Server-side filters; several values of one filter are OR-ed, different filters AND-ed. */
export interface Filters {
  invoiceId?: string | string[];
  /** `G…`, or `me` for the logged-in account. */
  wallet?: string | string[];
  contract?: string | string[];
  /** `invoice.funded`, or a family such as `invoice.*`. */
  type?: string | string[];
}

/** Called with the cache keys of each live event. */
export type CacheAdapter = (keys: string[][], event: ActivityEvent) => void;
