import type { ConnectionState, Head } from './types.js';

/**
 * Everything that can happen to a subscription, as named transitions of its state. The leading
 * tab applies them as they happen and sends the stream's (`opening`, `opened`, `lost`, `head`) to
 * the other tabs, which apply the same ones.
 */
export type Transition =
  /** A stream is being opened: the first one, or one taking over from another tab. */
  | { type: 'opening' }
  /** The stream is open (ours or the leading tab's); `at` when it opened, if not now. */
  | { type: 'opened'; at?: number | null }
  /** A step failed or the stream was lost; a retry is under way. */
  | { type: 'lost'; error?: Error }
  /** The server told us its indexed head (`connected`, `heartbeat`). */
  | { type: 'head'; head: Head }
  /** An event newer than `lastEventId` was delivered. */
  | { type: 'delivered'; id: string; live: boolean }
  /** The history ends at `id` (the log's head when it was read): the stream continues after it. */
  | { type: 'seam'; id: string | null | undefined }
  /** The server could not resume us (`reset`): any id may come next. */
  | { type: 'reset' }
  /** Gave up: retrying cannot help. Final. */
  | { type: 'failed'; error: Error }
  /** Closed by the app or by logout. Final. */
  | { type: 'closed' };

export const initialState = (after?: string): ConnectionState => ({
  status: 'connecting', lastEventId: after || null, head: null,
  lastConnectedAt: null, lastEventAt: null, attempt: 0, lastError: null,
});

const failure = (error: Error | undefined, now: number) =>
  error ? { error, lastError: { message: error.message, at: now } } : { error };

/**
 * The state after `transition` at time `now` (epoch ms). `error` and `disconnected` are final: a
 * transition there changes nothing and returns the same object, as does one that changes nothing.
 */
export function step(state: ConnectionState, transition: Transition, now: number): ConnectionState {
  if (state.status === 'error' || state.status === 'disconnected') return state;
  // Whether we lost a connection we had, or never had one.
  const retrying = state.lastConnectedAt == null ? 'connecting' : 'reconnecting';
  switch (transition.type) {
    case 'opening':
      return { ...state, status: retrying };
    case 'opened':
      return { ...state, status: 'connected', attempt: 0, lastConnectedAt: transition.at ?? now, error: undefined };
    case 'lost':
      return { ...state, status: retrying, attempt: state.attempt + 1, ...failure(transition.error, now) };
    case 'head':
      return { ...state, head: transition.head };
    case 'delivered':
      return { ...state, lastEventId: transition.id, lastEventAt: transition.live ? now : state.lastEventAt };
    case 'seam':
      // Ids are fixed-width, so string order is id order.
      return transition.id && !(state.lastEventId && transition.id <= state.lastEventId)
        ? { ...state, lastEventId: transition.id, error: undefined }
        : { ...state, error: undefined };
    case 'reset':
      return { ...state, lastEventId: null };
    case 'failed':
      return { ...state, status: 'error', ...failure(transition.error, now) };
    case 'closed':
      return { ...state, status: 'disconnected', error: undefined };
  }
}

/** Whether an event is new to a subscription at `lastEventId`: ids are ordered, so one not newer was seen (a seam or a replay). */
export const isNew = (id: string, lastEventId: string | null): boolean => !lastEventId || id > lastEventId;
