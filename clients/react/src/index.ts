import { createContext, createElement, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { ActivityEvent, BridgeClient, ConnectionState, Filters, SubscribeOptions } from '@soroban-bridge/client';

export type { ActivityEvent, BridgeClient, ConnectionState, Filters } from '@soroban-bridge/client';

/** The options of `BridgeClient.subscribe`, plus how many events the hook keeps. */
export interface BridgeEventsOptions extends SubscribeOptions {
  /** How many of the newest events `events` keeps (default 100). */
  limit?: number;
}

export interface BridgeEvents {
  /** The newest `limit` events, oldest first (newest last), as the library delivers them. */
  events: ActivityEvent[];
  /** The subscription's state, the library's object unchanged; `disconnected` while `filters` is null. */
  status: ConnectionState;
}

/** The provider's bridge and the states of the subscriptions its hooks hold open. */
interface Hub {
  bridge: BridgeClient;
  states: Map<object, ConnectionState>;
  notify(): void;
  listen(listener: () => void): () => void;
  worst: ConnectionState | null;
}

const Context = createContext<Hub | null>(null);
const IDLE: ConnectionState = {
  status: 'disconnected', lastEventId: null, head: null, lastConnectedAt: null, lastEventAt: null, attempt: 0, lastError: null,
};
const RANK: Record<string, number> = { connected: 1, connecting: 2, reconnecting: 3, error: 4 };

/** JSON with object keys sorted (functions dropped): equal for equal filters and options, whatever their identity. */
const stableKey = (value: unknown): string =>
  JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

/** The state furthest from live; the newest among equals (a Map iterates oldest first). */
function worst(states: Iterable<ConnectionState>): ConnectionState | null {
  let found: ConnectionState | null = null;
  for (const s of states) if (!found || (RANK[s.status] || 0) >= (RANK[found.status] || 0)) found = s;
  return found;
}

/** Makes `bridge` (from `createBridge`; `client` is another name for it) the one the hooks below use. */
export function BridgeProvider(props: { bridge?: BridgeClient; client?: BridgeClient; children?: ReactNode }) {
  const bridge = (props.bridge || props.client)!;
  const hub = useMemo<Hub>(() => {
    const listeners = new Set<() => void>();
    const hub: Hub = {
      bridge,
      states: new Map(),
      worst: null,
      notify() {
        hub.worst = worst(hub.states.values());
        listeners.forEach((l) => l());
      },
      listen(l) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    return hub;
  }, [bridge]);
  return createElement(Context.Provider, { value: hub }, props.children);
}

function useHub(): Hub {
  const hub = useContext(Context);
  if (!hub) throw new Error('@soroban-bridge/react: wrap the component in <BridgeProvider bridge={createBridge(…)}>');
  return hub;
}

/**
 * History, then live events matching `filters`, for as long as the component is mounted. The
 * subscription is opened in an effect and closed by its cleanup, so StrictMode's mount, unmount,
 * mount leaves exactly one; `filters` (and the options other than callbacks and `limit`) are
 * compared by value, so a new object with the same content keeps the stream, and a different one
 * closes it and opens the new one (and `events` starts again from empty). `null` subscribes to
 * nothing. The callbacks are always the latest ones passed, without resubscribing.
 */
export function useBridgeEvents(filters: Filters | null, options: BridgeEventsOptions = {}): BridgeEvents {
  const hub = useHub();
  const latest = useRef(options);
  latest.current = options;
  const { limit: _limit, ...rest } = options;
  const key = filters ? stableKey([filters, rest]) : '';
  const [state, setState] = useState<BridgeEvents & { key: string }>({ events: [], status: IDLE, key });

  useEffect(() => {
    if (!filters) {
      setState({ events: [], status: IDLE, key });
      return;
    }
    let active = true;
    let pending: ActivityEvent[] = [];
    const flush = () => {
      const batch = pending;
      pending = [];
      if (active) setState((s) => ({ ...s, events: s.events.concat(batch).slice(-(latest.current.limit ?? 100)) }));
    };
    const token = {}; // this subscription's entry in the provider's states
    const status = (status: ConnectionState) => {
      if (!active) return;
      hub.states.set(token, status);
      hub.notify();
      setState((s) => ({ ...s, status }));
    };
    const sub = hub.bridge.subscribe(filters, {
      ...rest,
      onEvent(event, live) {
        if (!active) return;
        // One render per burst (a history page arrives as many calls in a row).
        if (pending.push(event) === 1) queueMicrotask(flush);
        latest.current.onEvent?.(event, live);
      },
      onResync: (reset) => active && latest.current.onResync?.(reset),
      onState: (s) => active && latest.current.onState?.(s),
      cache: (keys, event) => active && latest.current.cache?.(keys, event),
    });
    const stop = sub.onState(status);
    setState({ events: [], status: sub.state, key });
    hub.states.set(token, sub.state);
    hub.notify();
    return () => {
      active = false;
      stop();
      sub.close();
      hub.states.delete(token);
      hub.notify();
    };
    // `key` stands for filters and options by value; the callbacks are read through `latest`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hub, key]);

  // Until the effect of a new key has run, show nothing of the old one.
  return state.key === key ? state : { events: [], status: filters ? { ...IDLE, status: 'connecting' } : IDLE };
}

/**
 * The state of the provider's subscriptions in one: of the ones its `useBridgeEvents` hooks hold
 * open, the one furthest from live (`error`, then `reconnecting`, then `connecting`, then
 * `connected`; the newest among equals), as the library reports it (with `head`, `lastEventAt`…
 * where the library has them). `null` while no hook holds one open.
 */
export function useBridgeStatus(): ConnectionState | null {
  const hub = useHub();
  return useSyncExternalStore(hub.listen, () => hub.worst, () => null);
}
