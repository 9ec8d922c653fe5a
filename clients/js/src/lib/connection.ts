import { BridgeError, isFatal } from './http.js';
import type { Transition } from './machine.js';
import type { ActivityEvent, ResetInfo } from './types.js';

export interface StreamOptions {
  /** A fresh ticket; `renew` asks for a new JWT first (the server said the old one expired). */
  ticket(renew: boolean): Promise<string>;
  /** The stream URL for a ticket, resuming after the newest event seen so far. */
  url(ticket: string): string;
  onEvent(event: ActivityEvent): void;
  onReset(reset: ResetInfo): void;
  /** The stream's transitions: `opening`, `opened`, `lost`, `head`, and `failed` when retrying cannot help. */
  onTransition(transition: Transition): void;
  /** The server ended the session (logout elsewhere, an admin): renewing would be wrong. */
  onRevoked(): void;
  EventSource: typeof EventSource;
}

/** Heartbeat interval assumed until the server's `connected` event says its own (DESIGN default). */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** Delay before our own reconnect `attempt` (0, 1, …): exponential from 0.5 s to 30 s, jittered so that browsers don't come back in step. */
export const backoff = (attempt: number): number => Math.min(30000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);

const parse = (message: Event): any => {
  try {
    return JSON.parse((message as MessageEvent).data);
  } catch {
    // undefined: not JSON
  }
};

/**
 * Holds one EventSource and keeps it open. The browser itself reconnects after network errors
 * (same URL, `Last-Event-ID` header); we step in when it cannot: on `token-expired` (new JWT,
 * new ticket), when it gave up for good after a non-200 answer (new ticket), and when the stream
 * went silent: the server sends a `heartbeat` every `heartbeatMs`, so nothing at all for twice
 * that means a dead connection the browser has not noticed (a paused server, a dropped route).
 * Each reopen resumes after the last event seen, through `url()`. Returns the function that
 * closes it for good.
 */
export function openStream(stream: StreamOptions): () => void {
  let source: EventSource | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let attempt = 0;
  let heartbeatMs = DEFAULT_HEARTBEAT_MS;
  const report = (transition: Transition) => closed || stream.onTransition(transition);
  const stop = () => {
    source?.close();
    clearTimeout(retryTimer);
    clearTimeout(watchdog);
  };
  const reopen = (renew: boolean, error?: Error) => {
    stop();
    report({ type: 'lost', error });
    // An expired token is routine: renew at once. Anything else waits, longer each time.
    retryTimer = setTimeout(open, renew && !attempt ? 0 : backoff(attempt), renew);
    attempt++;
  };
  // Anything from the server proves the connection alive.
  const alive = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => reopen(false,
      new BridgeError(`no heartbeat from the bridge for ${(2 * heartbeatMs) / 1000} s`, 0, 'stream_silent')), 2 * heartbeatMs);
  };

  async function open(renew: boolean) {
    let ticket: string;
    try {
      ticket = await stream.ticket(renew);
    } catch (e) {
      if (!closed) isFatal(e) ? report({ type: 'failed', error: e as Error }) : reopen(renew, e as Error);
      return;
    }
    if (closed) return;
    const src = (source = new stream.EventSource(stream.url(ticket)));
    const on = (type: string, listener: (data: any) => void) =>
      src.addEventListener(type, (message) => {
        alive();
        listener(parse(message));
      });
    alive();
    src.onopen = () => {
      alive();
      attempt = 0;
      report({ type: 'opened' });
    };
    src.onmessage = (message) => {
      alive();
      const event = parse(message);
      if (typeof event?.id === 'string') stream.onEvent(event);
      else console.warn('soroban-bridge: ignored a message that is not an activity event:', message.data);
    };
    on('connected', (data) => {
      if (data?.heartbeatMs > 0) heartbeatMs = data.heartbeatMs;
      alive();
      if (data?.head) report({ type: 'head', head: data.head });
    });
    on('heartbeat', (head) => head && report({ type: 'head', head }));
    on('reset', (data) => stream.onReset(data || { reason: 'unknown' }));
    on('token-expired', () => reopen(true));
    on('session-revoked', () => {
      stop();
      stream.onRevoked();
    });
    // CONNECTING: the browser is retrying by itself. CLOSED: it gave up (a non-200 answer).
    src.onerror = () => (src.readyState === 2 ? reopen(false) : report({ type: 'lost' }));
  }

  report({ type: 'opening' });
  open(false);
  return () => {
    closed = true;
    stop();
  };
}
