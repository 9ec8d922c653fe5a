import { claims, sep10, tokens, type Sep10Login } from './auth.js';
import { backoff, openStream } from './connection.js';
import { loadHistory, PAGE_SIZE, type HistoryPage } from './history.js';
import { BridgeError, field, http, isFatal, query } from './http.js';
import { joinTabs, type TabGroup } from './tabs.js';
import type { ActivityEvent, CacheAdapter, ConnectionState, Filters, ResetInfo, Status } from './types.js';

export interface BridgeOptions {
  /** Base URL of the bridge, e.g. `https://bridge.example`; default '' (the page's own origin). */
  url?: string;
  /** Log in with SEP-10 through the bridge's `/auth`. Give this or `getToken`. */
  login?: Sep10Login;
  /** A JWT from the dApp's own login (an issuer the bridge accepts); called again whenever a new one is needed. */
  getToken?: () => string | Promise<string>;
  /** Share one stream among this origin's tabs (default true). */
  shareTabs?: boolean;
  /** Replacements for the globals (polyfills, tests). */
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

export interface SubscribeOptions {
  /** Each event exactly once, oldest first; `live` is false during the initial history load. */
  onEvent?(event: ActivityEvent, live: boolean): void;
  /** The server could not resume from our position (log rebuilt or pruned, skipped ledgers): refetch your state. */
  onResync?(reset: ResetInfo): void;
  onState?(state: ConnectionState): void;
  /** Gets the `invalidate` keys of every live event: `swrAdapter(mutate)` or `tanstackAdapter(queryClient)`. */
  cache?: CacheAdapter;
  /** Start after this event id instead of at the beginning of the log. */
  after?: string;
  /** Load /events/history before streaming (default true). Without it the stream starts after `after`, or now. */
  history?: boolean;
}

export interface Subscription {
  readonly state: ConnectionState;
  /** Calls `listener` on every change of the state; returns the function that stops it. */
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

export interface BridgeClient {
  /** History, then live events matching `filters`, each once, with reconnects handled. */
  subscribe(filters?: Filters, options?: SubscribeOptions): Subscription;
  /** The current JWT, logging in if needed (e.g. for the dApp's own API calls). */
  token(): Promise<string>;
  /** Closes every subscription for good, forgets the JWT and revokes its session (DELETE /auth). */
  logout(): Promise<void>;
}

/** What the leading tab tells the others; `hello` asks the leader for its status. */
type TabMessage =
  | { k: 'event'; e: ActivityEvent }
  | { k: 'status'; s: Status }
  | { k: 'reset'; r: ResetInfo }
  | { k: 'hello' };

const STOPPED = new Error('subscription closed');

export function createBridge(options: BridgeOptions): BridgeClient {
  const { login, getToken } = options;
  if (!login === !getToken) throw new BridgeError('createBridge needs exactly one of `login` (SEP-10) or `getToken`', 0, 'bad_options');
  const base = (options.url || '').replace(/\/$/, '');
  const api = http(base, options.fetch || ((input, init) => fetch(input, init)));
  const auth = tokens(login ? sep10(api, login) : async () => {
    const token = await getToken!();
    if (!token) throw new BridgeError('getToken() returned no token', 0, 'no_token');
    return token;
  });
  const open = new Set<() => void>();

  function subscribe(filters: Filters = {}, so: SubscribeOptions = {}): Subscription {
    let state: ConnectionState = { status: 'connecting', lastEventId: so.after || null };
    const listeners = new Set<(s: ConnectionState) => void>();
    if (so.onState) listeners.add(so.onState);
    const set = (patch: Partial<ConnectionState>) => {
      state = { ...state, ...patch };
      listeners.forEach((l) => l(state));
    };
    let closed = false;
    let group: TabGroup<TabMessage> | undefined;
    let leading = false;
    let buffer: TabMessage[] | undefined = []; // what other tabs send while our history loads
    let used: string | undefined; // the JWT of our last call, the one to replace when refused

    // A Bearer call; a refused JWT is renewed once (through the login or getToken callback).
    const call = async <T>(method: string, path: string, renew = false): Promise<T> => {
      for (;;) {
        const token = (used = await (renew ? auth.renew(used) : auth.get()));
        if (closed) throw STOPPED;
        try {
          const result = await api<T>(method, path, token);
          if (closed) throw STOPPED;
          return result;
        } catch (e) {
          if (renew || closed || (e as BridgeError).status !== 401) throw e;
          renew = true;
        }
      }
    };

    const deliver = (e: ActivityEvent, live: boolean) => {
      // Ids are ordered: anything not newer was seen already (history/stream seam, replay after a takeover).
      if (state.lastEventId && e.id <= state.lastEventId) return;
      set({ lastEventId: e.id });
      so.onEvent?.(e, live);
      if (live) so.cache?.(e.invalidate || [], e);
    };
    // After a reset the ids that follow may be lower than ours (rebuilt log): accept whatever comes next.
    const reset = (r: ResetInfo) => {
      set({ lastEventId: null });
      so.onResync?.(r);
    };

    const onMessage = (m: TabMessage) => {
      if (buffer) buffer.push(m);
      else if (m.k === 'event') deliver(m.e, true);
      else if (m.k === 'reset') reset(m.r);
      else if (m.k === 'status') set({ status: m.s, error: undefined });
      else if (leading) group!.post({ k: 'status', s: state.status });
    };

    const lead = () => {
      leading = true;
      const stop = openStream({
        ticket: async (renew) => field((await call<{ ticket?: string }>('POST', '/events/ticket', renew)).ticket, 'ticket'),
        url: (ticket) => `${base}/events?${query(filters, { ticket, lastEventId: state.lastEventId })}`,
        onEvent(e) {
          group!.post({ k: 'event', e });
          deliver(e, true);
        },
        onReset(r) {
          group!.post({ k: 'reset', r });
          reset(r);
        },
        onStatus(status, error) {
          if (status === 'error') return fail(error!);
          set({ status, error });
          group!.post({ k: 'status', s: status });
        },
        EventSource: options.EventSource || EventSource,
        resumed: state.status !== 'connecting',
      });
      return () => {
        leading = false;
        stop();
      };
    };

    const teardown = () => {
      closed = true;
      open.delete(close);
      group?.leave();
    };
    const fail = (error: Error) => {
      teardown(); // also lets another tab try with its own credentials
      set({ status: 'error', error });
    };
    const close = () => {
      if (closed) return;
      teardown();
      set({ status: 'disconnected', error: undefined });
    };
    open.add(close);

    (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const token = await auth.get();
          if (closed) return;
          // Tabs with the same account, bridge and filters share one stream.
          const name = `soroban-bridge ${base} ${claims(token).sub} ${query(filters)}`;
          group ||= joinTabs(options.shareTabs === false ? name + Math.random() : name, onMessage);
          if (so.history !== false) {
            const next = await loadHistory(
              (after) => call<HistoryPage>('GET', '/events/history?' + query(filters, { after, limit: PAGE_SIZE })),
              state.lastEventId,
              (events) => events.forEach((e) => deliver(e, false)),
            );
            if (next && !(state.lastEventId && next <= state.lastEventId)) set({ lastEventId: next });
          }
          set({ error: undefined });
          break;
        } catch (e) {
          if (closed) return;
          if (isFatal(e)) return fail(e as Error);
          set({ error: e as Error });
          await new Promise((r) => setTimeout(r, backoff(attempt)));
          if (closed) return;
        }
      }
      const early = buffer!;
      buffer = undefined;
      early.forEach(onMessage);
      group!.post({ k: 'hello' });
      group!.lead(lead);
    })();

    return {
      get state() {
        return state;
      },
      onState(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close,
    };
  }

  return {
    subscribe,
    token: () => auth.get(),
    async logout() {
      const token = auth.peek();
      open.forEach((close) => close());
      auth.clear();
      if (token) await api('DELETE', '/auth', token).catch(() => {}); // we are logged out locally whatever the server says
    },
  };
}
