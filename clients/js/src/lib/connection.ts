import { isFatal } from './http.js';
import type { ActivityEvent, ResetInfo, Status } from './types.js';

export interface StreamOptions {
  /** A fresh ticket; `renew` asks for a new JWT first (the server said the old one expired). */
  ticket(renew: boolean): Promise<string>;
  /** The stream URL for a ticket, resuming after the newest event seen so far. */
  url(ticket: string): string;
  onEvent(event: ActivityEvent): void;
  onReset(reset: ResetInfo): void;
  onStatus(status: Status, error?: Error): void;
  EventSource: typeof EventSource;
  /** Whether this continues an earlier connection (another tab's), so that a failure reads as reconnecting. */
  resumed: boolean;
}

/** Delay before our own reconnect attempt `n`: exponential from 0.5 s to 30 s, jittered so that browsers don't come back in step. */
export const backoff = (n: number): number => Math.min(30000, 500 * 2 ** n) * (0.5 + Math.random() / 2);

const parse = (m: Event): any => {
  try {
    return JSON.parse((m as MessageEvent).data);
  } catch {
    // undefined: not JSON
  }
};

/**
 * Holds one EventSource and keeps it open. The browser itself reconnects after network errors
 * (same URL, `Last-Event-ID` header); we step in when it cannot: on `token-expired` (new JWT,
 * new ticket) and when it gave up for good after a non-200 answer (new ticket). Each reopen
 * resumes after the last event seen, through `url()`. Returns the function that closes it for good.
 */
export function openStream(o: StreamOptions): () => void {
  let es: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let connected = o.resumed;
  let attempt = 0;
  const status = (s: Status, e?: Error) => closed || o.onStatus(s, e);
  const lost = (e?: Error) => status(connected ? 'reconnecting' : 'connecting', e);
  const stop = () => {
    es?.close();
    clearTimeout(timer);
  };
  const reopen = (renew: boolean, e?: Error) => {
    stop();
    lost(e);
    // An expired token is routine: renew at once. Anything else waits, longer each time.
    timer = setTimeout(open, renew && !attempt ? 0 : backoff(attempt), renew);
    attempt++;
  };

  async function open(renew: boolean) {
    let ticket: string;
    try {
      ticket = await o.ticket(renew);
    } catch (e) {
      if (!closed) isFatal(e) ? status('error', e as Error) : reopen(renew, e as Error);
      return;
    }
    if (closed) return;
    const src = (es = new o.EventSource(o.url(ticket)));
    src.onopen = () => {
      attempt = 0;
      connected = true;
      status('connected');
    };
    src.onmessage = (m) => {
      const event = parse(m);
      if (typeof event?.id === 'string') o.onEvent(event);
      else console.warn('soroban-bridge: ignored a message that is not an activity event:', m.data);
    };
    src.addEventListener('reset', (m) => o.onReset(parse(m) || { reason: 'unknown' }));
    src.addEventListener('token-expired', () => reopen(true));
    // CONNECTING: the browser is retrying by itself. CLOSED: it gave up (a non-200 answer).
    src.onerror = () => (src.readyState === 2 ? reopen(false) : lost());
  }

  lost();
  open(false);
  return () => {
    closed = true;
    stop();
  };
}
