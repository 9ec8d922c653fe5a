// The subscription's state machine on its own: each named transition from each state, with the
// times it records. Pure functions: no EventSource, no fetch, no timers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialState, isNew, step } from '../dist/lib/machine.js';

const HEAD = { ledger: 77, ledgerClosedAt: '2026-11-22T10:00:05Z', lagLedgers: 1 };
const id = (n) => `${String(n).padStart(19, '0')}-0000000000`;
/** Applies `transitions` one after the other, `now` advancing by 1000 ms per step from 1000. */
const run = (state, ...transitions) => transitions.reduce((s, t, i) => step(s, t, 1000 * (i + 1)), state);

test('a new subscription is connecting, with nothing known yet', () => {
  assert.deepEqual(initialState(), {
    status: 'connecting', lastEventId: null, head: null, lastConnectedAt: null, lastEventAt: null, attempt: 0, lastError: null,
  });
  assert.equal(initialState(id(5)).lastEventId, id(5), 'after: where the subscription starts');
});

test('opened: connected, attempts back to 0, the time recorded and the error cleared', () => {
  const failing = run(initialState(), { type: 'lost', error: new Error('Failed to fetch') }, { type: 'lost' });
  assert.equal(failing.attempt, 2);
  const open = step(failing, { type: 'opened' }, 5000);
  assert.equal(open.status, 'connected');
  assert.equal(open.attempt, 0);
  assert.equal(open.lastConnectedAt, 5000);
  assert.equal(open.error, undefined);
  assert.deepEqual(open.lastError, { message: 'Failed to fetch', at: 1000 }, 'the last error and its time stay visible');
  assert.equal(step(failing, { type: 'opened', at: 1234 }, 5000).lastConnectedAt, 1234, 'a time from the leading tab');
});

test('lost: connecting while never connected, reconnecting once it was; each loss counts an attempt', () => {
  const neverConnected = step(initialState(), { type: 'lost', error: new Error('503') }, 10);
  assert.equal(neverConnected.status, 'connecting');
  assert.deepEqual([neverConnected.attempt, neverConnected.error.message, neverConnected.lastError], [1, '503', { message: '503', at: 10 }]);
  const dropped = run(initialState(), { type: 'opened' }, { type: 'lost' }, { type: 'lost', error: new Error('no heartbeat') });
  assert.equal(dropped.status, 'reconnecting');
  assert.equal(dropped.attempt, 2);
  assert.deepEqual(dropped.lastError, { message: 'no heartbeat', at: 3000 });
  assert.equal(dropped.lastConnectedAt, 1000);
});

test('opening: a tab taking over a stream it was following reads as reconnecting; a first stream as connecting', () => {
  assert.equal(step(initialState(), { type: 'opening' }, 1).status, 'connecting');
  const following = step(initialState(), { type: 'opened' }, 1);
  const takingOver = step(following, { type: 'opening' }, 2);
  assert.equal(takingOver.status, 'reconnecting');
  assert.equal(takingOver.attempt, 0, 'opening is not a failure');
});

test('head: the indexed head from connected and heartbeat events', () => {
  const state = run(initialState(), { type: 'opened' }, { type: 'head', head: HEAD });
  assert.deepEqual(state.head, HEAD);
  assert.equal(state.status, 'connected');
});

test('delivered: moves lastEventId; only live events set lastEventAt', () => {
  const loaded = step(initialState(), { type: 'delivered', id: id(1), live: false }, 100);
  assert.deepEqual([loaded.lastEventId, loaded.lastEventAt], [id(1), null]);
  const live = step(loaded, { type: 'delivered', id: id(2), live: true }, 200);
  assert.deepEqual([live.lastEventId, live.lastEventAt], [id(2), 200]);
});

test('seam: the history head moves lastEventId forward only, and clears a pending error', () => {
  const retried = run(initialState(id(5)), { type: 'lost', error: new Error('x') });
  assert.equal(step(retried, { type: 'seam', id: id(9) }, 1).lastEventId, id(9));
  assert.equal(step(retried, { type: 'seam', id: id(3) }, 1).lastEventId, id(5), 'never backwards');
  assert.equal(step(retried, { type: 'seam', id: null }, 1).lastEventId, id(5), 'an empty log has no head');
  assert.equal(step(retried, { type: 'seam', id: id(9) }, 1).error, undefined);
});

test('reset: forgets lastEventId, so lower ids from a rebuilt log are accepted', () => {
  const state = step(initialState(id(50)), { type: 'reset' }, 1);
  assert.equal(state.lastEventId, null);
  assert.ok(isNew(id(2), state.lastEventId));
});

test('failed and closed are final: no transition leaves them', () => {
  const failed = run(initialState(), { type: 'opened' }, { type: 'failed', error: new Error('session revoked') });
  assert.equal(failed.status, 'error');
  assert.deepEqual(failed.lastError, { message: 'session revoked', at: 2000 });
  const closed = run(initialState(), { type: 'closed' });
  assert.equal(closed.status, 'disconnected');
  for (const final of [failed, closed]) {
    for (const t of [{ type: 'opened' }, { type: 'lost' }, { type: 'opening' }, { type: 'head', head: HEAD },
      { type: 'delivered', id: id(9), live: true }, { type: 'failed', error: new Error('y') }, { type: 'closed' }]) {
      assert.equal(step(final, t, 9999), final, `${final.status} after ${t.type}`);
    }
  }
});

test('isNew: ids are ordered; an id not newer than lastEventId was seen', () => {
  assert.ok(isNew(id(2), null));
  assert.ok(isNew(id(3), id(2)));
  assert.ok(!isNew(id(2), id(2)));
  assert.ok(!isNew(id(1), id(2)));
});
