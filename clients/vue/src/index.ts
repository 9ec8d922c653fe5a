import {
  computed, hasInjectionContext, inject, onScopeDispose, provide, shallowReactive, shallowRef, toValue, watch,
  type App, type ComputedRef, type InjectionKey, type MaybeRefOrGetter, type ShallowRef,
} from 'vue';
import type { ActivityEvent, BridgeClient, ConnectionState, Filters, SubscribeOptions } from '@soroban-bridge/client';

export type { ActivityEvent, BridgeClient, ConnectionState, Filters } from '@soroban-bridge/client';

/** The options of `BridgeClient.subscribe`, plus how many events the composable keeps. */
export interface BridgeEventsOptions extends SubscribeOptions {
  /** How many of the newest events `events` keeps (default 100). */
  limit?: number;
}

export interface BridgeEvents {
  /** The newest `limit` events, oldest first (newest last), as the library delivers them. */
  events: ShallowRef<ActivityEvent[]>;
  /** The subscription's state, the library's object unchanged; `disconnected` while `filters` is null. */
  status: ShallowRef<ConnectionState>;
}

/** The bridge and the states of the subscriptions its composables hold open. */
interface Hub {
  bridge: BridgeClient;
  states: Set<ShallowRef<ConnectionState>>;
}

const KEY: InjectionKey<Hub> = Symbol('soroban-bridge');
const IDLE: ConnectionState = {
  status: 'disconnected', lastEventId: null, head: null, lastConnectedAt: null, lastEventAt: null, attempt: 0, lastError: null,
};
const RANK: Record<string, number> = { connected: 1, connecting: 2, reconnecting: 3, error: 4 };

/** JSON with object keys sorted (functions dropped): equal for equal filters and options, whatever their identity. */
const stableKey = (value: unknown): string =>
  JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

const hub = (bridge: BridgeClient): Hub => ({ bridge, states: shallowReactive(new Set()) });

/** `app.use(bridgePlugin(createBridge(…)))`: the bridge of every component of the app. */
export const bridgePlugin = (bridge: BridgeClient) => ({
  install: (app: App) => void app.provide(KEY, hub(bridge)),
});

/** The bridge of this component and its descendants (call in `setup`), instead of or under the plugin's. */
export function provideBridge(bridge: BridgeClient): void {
  provide(KEY, hub(bridge));
}

function useHub(): Hub {
  const found = hasInjectionContext() ? inject(KEY, null) : null;
  if (!found) throw new Error('@soroban-bridge/vue: install bridgePlugin(bridge) or call provideBridge(bridge) in a parent, and call this in setup() (or inside app.runWithContext)');
  return found;
}

/**
 * History, then live events matching `filters` (a value, a ref or a getter), until the calling
 * component's scope is disposed (unmount, or `effectScope().stop()`). `filters` and the options
 * other than callbacks and `limit` are watched by value: a new object with the same content keeps
 * the stream, a different one closes it and opens the new one (`events` starts again from empty).
 * `null` subscribes to nothing. Callbacks are read from `options` at each call.
 */
export function useBridgeEvents(filters: MaybeRefOrGetter<Filters | null>, options: BridgeEventsOptions = {}): BridgeEvents {
  const { bridge, states } = useHub();
  const events = shallowRef<ActivityEvent[]>([]);
  const status = shallowRef<ConnectionState>(IDLE);
  let close: (() => void) | undefined;

  const open = (key: string) => {
    close?.();
    close = undefined;
    events.value = [];
    status.value = IDLE;
    const f = toValue(filters);
    if (!key || !f) return;
    let active = true;
    let pending: ActivityEvent[] = [];
    const flush = () => {
      const batch = pending;
      pending = [];
      if (active) events.value = events.value.concat(batch).slice(-(options.limit ?? 100));
    };
    const { limit: _limit, ...rest } = options;
    const sub = bridge.subscribe(f, {
      ...rest,
      onEvent(event, live) {
        if (!active) return;
        // One update per burst (a history page arrives as many calls in a row).
        if (pending.push(event) === 1) queueMicrotask(flush);
        options.onEvent?.(event, live);
      },
      onResync: (reset) => active && options.onResync?.(reset),
      onState: (s) => active && options.onState?.(s),
      cache: (keys, event) => active && options.cache?.(keys, event),
    });
    status.value = sub.state;
    states.add(status);
    const stop = sub.onState((s) => active && (status.value = s));
    close = () => {
      active = false;
      stop();
      sub.close();
      states.delete(status);
    };
  };

  const { limit: _limit, ...rest } = options;
  watch(() => {
    const f = toValue(filters);
    return f ? stableKey([f, rest]) : '';
  }, open, { immediate: true });
  onScopeDispose(() => {
    close?.();
    close = undefined;
  });
  return { events, status };
}

/**
 * The state of the subscriptions of this bridge in one: of the ones `useBridgeEvents` holds open,
 * the one furthest from live (`error`, then `reconnecting`, then `connecting`, then `connected`;
 * the newest among equals), as the library reports it (with `head`, `lastEventAt`… where the
 * library has them). `null` while none is open.
 */
export function useBridgeStatus(): ComputedRef<ConnectionState | null> {
  const { states } = useHub();
  return computed(() => {
    let found: ConnectionState | null = null;
    for (const ref of states) {
      const s = ref.value;
      if (!found || (RANK[s.status] || 0) >= (RANK[found.status] || 0)) found = s;
    }
    return found;
  });
}
