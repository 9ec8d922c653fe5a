import { bearerCalls, claims, sep10, STOPPED, tokens, type Sep10Login } from './auth.js';
import { backoff, openStream } from './connection.js';
import { loadBackward, loadForward, NEWEST_DEFAULT, type FetchPage, type OlderEvents } from './history.js';
import { BridgeError, field, http, isFatal, query } from './http.js';
import { initialState, isNew, step, type Transition } from './machine.js';
import { joinTabs, type TabGroup, type TabMessage } from './tabs.js';
import type { ActivityEvent, CacheAdapter, ConnectionState, Filters, ResetInfo } from './types.js';

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
  /** Start after this event id (one you stored): the history is then every event after it, as with `'all'`. */
  after?: string;
  /**
   * The history delivered before the live events: the newest 100 matching events (default, or
   * `true`), `{ limit: N }` the newest N, `'all'` every event the log holds, `false` none (the stream
   * starts after `after`, or now). Older events are paged in with `loadOlder()`.
   */
  history?: boolean | 'all' | { limit: number };
}

export interface Subscription {
  readonly state: ConnectionState;
  /** Calls `listener` on every change of the state; returns the function that stops it. */
  onState(listener: (state: ConnectionState) => void): () => void;
  /**
   * The `limit` (default: the history's limit) events before the oldest one loaded, oldest first,
   * for infinite scroll; they do not go through `onEvent`. `end` is true once the start of the log
   * is reached. Calls run one after the other, each continuing where the previous one ended.
   */
  loadOlder(limit?: number): Promise<OlderEvents>;
  close(): void;
}

export interface BridgeClient {
  /** History, then live events matching `filters`, each once, with reconnects handled. */
  subscribe(filters?: Filters, options?: SubscribeOptions): Subscription;
  /** The current JWT, logging in if needed (e.g. for the dApp's own API calls). */
  token(): Promise<string>;
  /**
   * Closes every subscription for good, forgets the JWT and revokes its session (DELETE /auth).
   * Rejects with a BridgeError when the server could not be told (no answer, or an error other
   * than 401): the session may then still be valid until it expires. Local state is cleared anyway.
   */
  logout(): Promise<void>;
}

/** A subscription's way out: `closed` (the app, logout) or `failed` (gave up, session revoked). */
type Ending = Extract<Transition, { type: 'closed' | 'failed' }>;

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
  const subscriptions = new Set<(ending: Ending) => void>();
  const endAll = (ending: Ending) => subscriptions.forEach((end) => end(ending));

  // The server ended the session: renewing it would undo a logout. Log out here too.
  const revoked = () => {
    auth.clear();
    endAll({ type: 'failed', error: new BridgeError('the session was revoked (a logout, or an administrator): log in again', 401, 'session_revoked') });
  };

  function subscribe(filters: Filters = {}, subscribeOptions: SubscribeOptions = {}): Subscription {
    let state = initialState(subscribeOptions.after);
    const listeners = new Set<(state: ConnectionState) => void>();
    if (subscribeOptions.onState) listeners.add(subscribeOptions.onState);
    const apply = (transition: Transition) => {
      const next = step(state, transition, Date.now());
      if (next === state) return;
      state = next;
      listeners.forEach((listener) => listener(state));
    };
    let closed = false;
    let group: TabGroup<TabMessage> | undefined;
    let leading = false;
    let buffer: TabMessage[] | undefined = []; // what other tabs send while our history loads
    const call = bearerCalls(api, auth, () => closed);
    const fetchPage: FetchPage = (params) => call('GET', '/events/history?' + query(filters, params));
    const mode = subscribeOptions.history ?? true;
    const limit = typeof mode === 'object' ? mode.limit : NEWEST_DEFAULT;
    // Where loadOlder() continues: null at the start of the log, undefined for "before the oldest event delivered".
    let olderBefore: string | null | undefined = subscribeOptions.after ?? (mode === 'all' ? null : undefined);
    let oldestDelivered: string | undefined;
    let historyDone!: () => void;
    let olderQueue: Promise<unknown> = new Promise<void>((resolve) => (historyDone = resolve));

    const deliver = (event: ActivityEvent, live: boolean) => {
      if (!isNew(event.id, state.lastEventId)) return; // the history/stream seam, a replay after a takeover
      oldestDelivered ??= event.id;
      apply({ type: 'delivered', id: event.id, live });
      subscribeOptions.onEvent?.(event, live);
      if (live) subscribeOptions.cache?.(event.invalidate || [], event);
    };
    const resync = (reset: ResetInfo) => {
      apply({ type: 'reset' });
      subscribeOptions.onResync?.(reset);
    };

    const onMessage = (message: TabMessage) => {
      if (buffer) buffer.push(message);
      else if (message.kind === 'event') deliver(message.event, true);
      else if (message.kind === 'reset') resync(message.reset);
      else if (message.kind === 'transition') apply(message.transition);
      else if (leading) {
        // A tab that just joined: tell it how our stream is.
        if (state.status === 'connected') group!.post({ kind: 'transition', transition: { type: 'opened', at: state.lastConnectedAt } });
        if (state.head) group!.post({ kind: 'transition', transition: { type: 'head', head: state.head } });
      }
    };

    const lead = () => {
      leading = true;
      const stop = openStream({
        ticket: async (renew) => field((await call<{ ticket?: string }>('POST', '/events/ticket', renew)).ticket, 'ticket'),
        url: (ticket) => `${base}/events?${query(filters, { ticket, lastEventId: state.lastEventId })}`,
        onEvent(event) {
          group!.post({ kind: 'event', event });
          deliver(event, true);
        },
        onReset(reset) {
          group!.post({ kind: 'reset', reset });
          resync(reset);
        },
        onTransition(transition) {
          if (transition.type === 'failed') return end(transition);
          apply(transition);
          group!.post({ kind: 'transition', transition });
        },
        onRevoked: revoked,
        EventSource: options.EventSource || EventSource,
      });
      return () => {
        leading = false;
        stop();
      };
    };

    const end = (ending: Ending) => {
      if (closed) return;
      closed = true;
      subscriptions.delete(end);
      group?.leave(); // also lets another tab take over, with its own credentials
      historyDone();
      apply(ending);
    };
    subscriptions.add(end);

    const loadHistory = async () => {
      if (mode === false) return apply({ type: 'seam', id: null });
      if (mode === 'all' || subscribeOptions.after) {
        const head = await loadForward(fetchPage, state.lastEventId, (events) => events.forEach((event) => deliver(event, false)));
        return apply({ type: 'seam', id: head });
      }
      const newest = await loadBackward(fetchPage, null, limit);
      if (newest.head === undefined) throw new BridgeError("the bridge's history has no head: it predates order=desc (use history: 'all')", 200, 'bad_answer');
      newest.events.forEach((event) => deliver(event, false));
      olderBefore = newest.before;
      apply({ type: 'seam', id: newest.head });
    };

    (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const token = await auth.get();
          if (closed) return;
          // Tabs with the same account, bridge and filters share one stream.
          const name = `soroban-bridge ${base} ${claims(token).sub} ${query(filters)}`;
          group ||= joinTabs(options.shareTabs === false ? name + Math.random() : name, onMessage);
          await loadHistory();
          break;
        } catch (e) {
          if (closed) return;
          if (isFatal(e)) return end({ type: 'failed', error: e as Error });
          apply({ type: 'lost', error: e as Error });
          await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
          if (closed) return;
        }
      }
      historyDone();
      const early = buffer!;
      buffer = undefined;
      early.forEach(onMessage);
      group!.post({ kind: 'hello' });
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
      loadOlder(count = limit) {
        const older = olderQueue.then(async (): Promise<OlderEvents> => {
          if (closed) throw STOPPED;
          const before = olderBefore === undefined ? oldestDelivered : olderBefore;
          if (before === null) return { events: [], end: true };
          if (before === undefined) return { events: [], end: false }; // nothing delivered yet to page back from
          const page = await loadBackward(fetchPage, before, count);
          olderBefore = page.before;
          return { events: page.events, end: page.before === null };
        });
        olderQueue = older.catch(() => {});
        return older;
      },
      close: () => end({ type: 'closed' }),
    };
  }

  return {
    subscribe,
    token: () => auth.get(),
    async logout() {
      const token = auth.peek();
      endAll({ type: 'closed' });
      auth.clear();
      if (!token) return;
      try {
        await api('DELETE', '/auth', token);
      } catch (e) {
        // 401: the session had ended already. Anything else: it may still be valid, and the user must know.
        if ((e as BridgeError).status === 401) return;
        throw e instanceof BridgeError ? e : new BridgeError(`DELETE /auth: the bridge could not be reached (${(e as Error).message})`, 0, 'unreachable');
      }
    },
  };
}
