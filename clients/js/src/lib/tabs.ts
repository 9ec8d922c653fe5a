import type { Transition } from './machine.js';
import type { ActivityEvent, ResetInfo } from './types.js';

/**
 * Tabs of one origin that want the same stream form a group named `name`: a Web Lock elects
 * the one tab that holds the EventSource, and a BroadcastChannel carries what it receives to the
 * others. When the leader goes (tab closed, logout) the browser grants the lock to the next
 * tab in line, which opens the stream from the last id it saw. Without these APIs (older
 * browsers, workers, Node) every member simply leads alone.
 */
/**
 * What the leading tab sends the others: each event and `reset` it receives and each transition of
 * its stream; `hello` (from a tab that just joined) asks the leader for the stream's state.
 */
export type TabMessage =
  | { kind: 'event'; event: ActivityEvent }
  | { kind: 'reset'; reset: ResetInfo }
  | { kind: 'transition'; transition: Transition }
  | { kind: 'hello' };

export interface TabGroup<M> {
  post(message: M): void;
  /** Waits to be the leader, then calls `start`; the function it returns is called when leadership ends. */
  lead(start: () => () => void): void;
  /** Leaves the group: ends leadership (so another tab takes over) or stops waiting for it. */
  leave(): void;
}

export function joinTabs<M>(name: string, onMessage: (message: M) => void): TabGroup<M> {
  let channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;
  if (channel) channel.onmessage = (message) => onMessage(message.data);
  const abort = new AbortController();
  let end: (() => void) | undefined;
  return {
    post: (message) => channel?.postMessage(message),
    lead(start) {
      const locks = (globalThis as { navigator?: Navigator }).navigator?.locks;
      if (!locks) {
        end = start();
        return;
      }
      locks
        .request(name, { signal: abort.signal }, () =>
          // Holding the lock means holding this promise: it settles when leadership ends.
          new Promise<void>((resolve) => {
            if (abort.signal.aborted) return resolve(); // granted just as we left
            const stop = start();
            end = () => {
              stop();
              resolve();
            };
          }))
        .catch(() => {}); // rejected with AbortError when we leave while still waiting
    },
    leave() {
      abort.abort();
      end?.();
      end = undefined;
      channel?.close();
      channel = undefined;
    },
  };
}
