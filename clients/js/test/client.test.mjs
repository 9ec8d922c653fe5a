// The client's state machine, renewal, dedupe and login, driven step by step in Node with a fake
// EventSource and a fake bridge behind fetch.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { createBridge } from '../dist/lib/index.js';
import { event, fakeFetch, FakeEventSource, jwt, until } from './support/fakes.mjs';

const ES = FakeEventSource;
const BASE = 'http://bridge.test';
let open = [];
afterEach(() => {
  open.forEach((s) => s.close());
  open = [];
  ES.instances = [];
});

/**
 * /events/history over `events`, at most `cap` per page whatever the client asks. Forward: `next` is
 * the log's head once exhausted. `order=desc`: newest first before `before`, `next` the next older
 * page's `before` (null at the start). Every answer carries `head`.
 */
const historyOf = (events, head = events[events.length - 1]?.id ?? null, cap = 2) => (url) => {
  const q = url.searchParams;
  const limit = Math.min(cap, Number(q.get('limit')));
  if (q.get('order') === 'desc') {
    const before = q.get('before');
    const older = events.filter((e) => !before || e.id < before).reverse();
    const page = older.slice(0, limit);
    return { body: { events: page, next: older.length > limit ? page[page.length - 1].id : null, head } };
  }
  const after = q.get('after');
  const page = events.filter((e) => !after || e.id > after).slice(0, limit);
  return { body: { events: page, next: page.length === limit ? page[page.length - 1].id : head, head } };
};

/** A client with a getToken login (tokens t1, t2, …) and everything it reports recorded. */
function start({ routes = {}, filters = {}, options = {}, subscribe = {} } = {}) {
  const tokens = [];
  const fetch = fakeFetch({
    'GET /events/history': historyOf([]),
    'POST /events/ticket': (url, call, n) => ({ body: { ticket: `ticket${n}`, expires_in: 30 } }),
    ...routes,
  });
  const bridge = createBridge({
    url: BASE, fetch, EventSource: ES, shareTabs: false,
    getToken: async () => {
      tokens.push(jwt('GME', tokens.length + 1));
      return tokens[tokens.length - 1];
    },
    ...options,
  });
  const seen = [];
  const statuses = [];
  const resyncs = [];
  const sub = bridge.subscribe(filters, {
    onEvent: (e, live) => seen.push([Number(e.id.slice(0, 19)), live]),
    onState: (s) => statuses[statuses.length - 1] !== s.status && statuses.push(s.status),
    onResync: (r) => resyncs.push(r),
    ...subscribe,
  });
  open.push(sub);
  return { bridge, sub, fetch, tokens, seen, statuses, resyncs };
}
const streamOpened = (n = 1) => until(`EventSource #${n}`, () => ES.instances.length >= n);

test('by default loads the newest 100 matching events, delivers them oldest first, then streams from the head', async () => {
  const history = Array.from({ length: 250 }, (_, i) => event(i + 1));
  const c = start({
    routes: { 'GET /events/history': historyOf(history, event(260).id, 1000) },
    filters: { wallet: 'me' },
  });
  await streamOpened();
  const pages = c.fetch.calls.filter((x) => x.key === 'GET /events/history');
  assert.equal(pages.length, 1, 'one request, not a walk through the whole log');
  assert.deepEqual(Object.fromEntries(pages[0].url.searchParams), { order: 'desc', limit: '100', wallet: 'me' });
  assert.deepEqual(c.seen, history.slice(150).map((e) => [Number(e.id.slice(0, 19)), false]), 'events 151..250, oldest first');
  assert.equal(ES.last.url.searchParams.get('lastEventId'), event(260).id, 'the stream continues after the head of the history read');
  ES.last.open();
  ES.last.message(event(255)); // at or before the head: the history read covered it
  ES.last.message(event(261));
  assert.deepEqual(c.seen.at(-1), [261, true]);
  assert.equal(c.seen.length, 101);
});

test('history: { limit } sets how many newest events; loadOlder pages back to the start of the log', async () => {
  const history = Array.from({ length: 7 }, (_, i) => event(i + 1));
  const c = start({ routes: { 'GET /events/history': historyOf(history, undefined, 1000) }, subscribe: { history: { limit: 3 } } });
  await streamOpened();
  assert.deepEqual(c.seen.map(([n]) => n), [5, 6, 7]);
  const first = c.sub.loadOlder();
  const second = c.sub.loadOlder(); // a second scroll before the first answer: continues after it
  assert.deepEqual(await first, { events: [event(2), event(3), event(4)], end: false });
  assert.deepEqual(await second, { events: [event(1)], end: true });
  assert.deepEqual(await c.sub.loadOlder(), { events: [], end: true }, 'nothing before the start');
  const befores = c.fetch.calls.filter((x) => x.key === 'GET /events/history').map((x) => x.url.searchParams.get('before'));
  assert.deepEqual(befores, [null, event(5).id, event(2).id]);
  assert.deepEqual(c.seen.map(([n]) => n), [5, 6, 7], 'older events are returned, not passed to onEvent');
});

test('loadOlder pages of exactly `limit` end with an empty page at the start', async () => {
  const history = Array.from({ length: 4 }, (_, i) => event(i + 1));
  const c = start({ routes: { 'GET /events/history': historyOf(history, undefined, 1000) }, subscribe: { history: { limit: 2 } } });
  await streamOpened();
  assert.deepEqual(await c.sub.loadOlder(), { events: [event(1), event(2)], end: true });
});

test("history: 'all' loads every history page with the JWT, then streams from its next with a ticket and the filters", async () => {
  const history = [1, 2, 3, 4, 5].map((n) => event(n));
  const c = start({
    routes: { 'GET /events/history': historyOf(history, event(7).id) },
    filters: { invoiceId: ['42', '43'], wallet: 'me' },
    subscribe: { history: 'all' },
  });
  await streamOpened();
  const pages = c.fetch.calls.filter((x) => x.key === 'GET /events/history');
  assert.deepEqual(pages.map((p) => p.url.searchParams.get('after')), [null, event(2).id, event(4).id, event(7).id]);
  assert.ok(pages.every((p) => p.auth === `Bearer ${c.tokens[0]}` && p.url.searchParams.get('invoiceId') === '42,43'));
  assert.equal(c.fetch.calls.find((x) => x.key === 'POST /events/ticket').auth, `Bearer ${c.tokens[0]}`);
  const q = ES.last.url.searchParams;
  assert.equal(ES.last.url.pathname, '/events');
  assert.deepEqual([q.get('ticket'), q.get('lastEventId'), q.get('invoiceId'), q.get('wallet')], ['ticket1', event(7).id, '42,43', 'me']);
  assert.deepEqual(c.seen, [[1, false], [2, false], [3, false], [4, false], [5, false]]);
  assert.equal(c.sub.state.status, 'connecting');
  ES.last.open();
  ES.last.message(event(8));
  assert.equal(c.sub.state.status, 'connected');
  assert.equal(c.sub.state.lastEventId, event(8).id);
  assert.deepEqual(c.seen.at(-1), [8, true]);
  assert.deepEqual(await c.sub.loadOlder(), { events: [], end: true }, 'everything was loaded');
});

test('delivers each event once across the history/stream seam and stream repeats', async () => {
  const c = start({ routes: { 'GET /events/history': historyOf([event(1), event(2), event(3)], undefined, 1000) } });
  await streamOpened();
  ES.last.open();
  for (const n of [2, 3, 4, 4, 5, 3]) ES.last.message(event(n));
  assert.deepEqual(c.seen, [[1, false], [2, false], [3, false], [4, true], [5, true]]);
  assert.equal(c.sub.state.lastEventId, event(5).id);
});

test('tells connecting (never connected) from reconnecting (connection lost)', async () => {
  const c = start();
  await streamOpened();
  ES.last.fail(false); // the browser retries the first connection by itself
  ES.last.open();
  ES.last.fail(false);
  ES.last.open();
  assert.deepEqual(c.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
  assert.equal(ES.instances.length, 1, 'the browser reconnects the same EventSource');
});

test('token-expired: renews the JWT, gets a new ticket with it and resumes after the last event seen', async () => {
  const c = start();
  await streamOpened();
  const first = ES.last;
  first.open();
  first.message(event(10));
  first.emit('token-expired');
  assert.equal(first.closed, true, 'closed before the browser retries with a dead ticket');
  assert.equal(c.sub.state.status, 'reconnecting');
  await streamOpened(2);
  assert.equal(c.tokens.length, 2);
  const tickets = c.fetch.calls.filter((x) => x.key === 'POST /events/ticket');
  assert.equal(tickets[1].auth, `Bearer ${c.tokens[1]}`);
  assert.equal(ES.last.url.searchParams.get('ticket'), 'ticket2');
  assert.equal(ES.last.url.searchParams.get('lastEventId'), event(10).id);
  ES.last.open();
  ES.last.message(event(10)); // the server's replay starts after it; a repeat is still dropped
  ES.last.message(event(11));
  assert.deepEqual(c.seen, [[10, true], [11, true]]);
  assert.deepEqual(c.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
});

test('a stream the browser gave up on is reopened with a new ticket, renewing the JWT the server refuses', async () => {
  const c = start({
    routes: {
      'POST /events/ticket': (url, call, n) => (n === 2 && call.auth.includes(jwt('GME', 1))
        ? { status: 401, body: { error: 'invalid_token', message: 'expired' } }
        : { body: { ticket: `ticket${n}` } }),
    },
  });
  await streamOpened();
  ES.last.open();
  ES.last.message(event(3));
  ES.last.fail(true); // e.g. 401: the ticket's JWT expired
  assert.equal(c.sub.state.status, 'reconnecting');
  await streamOpened(2);
  assert.deepEqual(c.fetch.calls.filter((x) => x.key === 'POST /events/ticket').map((x) => x.auth),
    [`Bearer ${c.tokens[0]}`, `Bearer ${c.tokens[0]}`, `Bearer ${c.tokens[1]}`]);
  assert.equal(ES.last.url.searchParams.get('ticket'), 'ticket3');
  assert.equal(ES.last.url.searchParams.get('lastEventId'), event(3).id);
  ES.last.open();
  assert.equal(c.sub.state.status, 'connected');
});

test('reset reaches onResync, and the events after it are accepted even with lower ids', async () => {
  const c = start({ routes: { 'GET /events/history': historyOf([event(50)]) } });
  await streamOpened();
  ES.last.open();
  ES.last.emit('reset', { reason: 'log-rebuilt', oldestEventId: event(1).id });
  ES.last.message(event(2));
  assert.deepEqual(c.resyncs, [{ reason: 'log-rebuilt', oldestEventId: event(1).id }]);
  assert.deepEqual(c.seen, [[50, false], [2, true]]);
});

test('logout in the middle of a reconnect: no stream is opened afterwards and the session is revoked', async () => {
  let answer;
  const c = start({
    routes: {
      'POST /events/ticket': (url, call, n) => (n === 1 ? { body: { ticket: 'ticket1' } } : new Promise((r) => (answer = r))),
      'DELETE /auth': () => ({ body: {} }),
    },
  });
  await streamOpened();
  ES.last.open();
  ES.last.fail(true);
  await until('the second ticket request', () => answer);
  await c.bridge.logout();
  answer({ body: { ticket: 'ticket2' } });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(ES.instances.length, 1, 'no EventSource after logout');
  assert.equal(c.sub.state.status, 'disconnected');
  const deletes = c.fetch.calls.filter((x) => x.key === 'DELETE /auth');
  assert.deepEqual(deletes.map((x) => x.auth), [`Bearer ${c.tokens[0]}`]);
});

test('logout while the browser itself is reconnecting closes the EventSource for good', async () => {
  const c = start({ routes: { 'DELETE /auth': () => ({ body: {} }) } });
  await streamOpened();
  ES.last.open();
  ES.last.fail(false);
  assert.equal(c.sub.state.status, 'reconnecting');
  await c.bridge.logout();
  assert.equal(ES.last.closed, true);
  assert.equal(c.sub.state.status, 'disconnected');
});

test('logout before the login finished: nothing is loaded or opened', async () => {
  let release;
  const c = start({ options: { getToken: () => new Promise((r) => (release = r)) } });
  await until('getToken called', () => release);
  await c.bridge.logout();
  release(jwt('GME'));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(c.fetch.calls.length, 0);
  assert.equal(ES.instances.length, 0);
});

test('a filter the server refuses ends in the error state with its message, without retrying', async () => {
  const c = start({
    routes: { 'GET /events/history': () => ({ status: 400, body: { error: 'bad_filter', message: 'unknown type "x.*"' } }) },
    filters: { type: 'x.*' },
  });
  await until('error state', () => c.sub.state.status === 'error');
  assert.match(c.sub.state.error.message, /400 unknown type "x\.\*"/);
  assert.equal(c.sub.state.error.code, 'bad_filter');
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(c.fetch.count('GET /events/history'), 1);
  assert.equal(ES.instances.length, 0);
});

test('an answer that is not JSON (a proxy page) is an error that says so', async () => {
  const fetch = async () => new Response('<html>Sign in to the corporate proxy</html>', { status: 200 });
  const bridge = createBridge({ url: BASE, fetch, EventSource: ES, shareTabs: false, getToken: () => jwt('GME') });
  const sub = bridge.subscribe();
  open.push(sub);
  await until('error state', () => sub.state.status === 'error');
  assert.equal(sub.state.error.message, 'GET /events/history: 200 (the answer is not JSON)');
});

test('a ticket answer without a ticket is an error, not a stream opened without one', async () => {
  const c = start({ routes: { 'POST /events/ticket': () => ({ body: { expires_in: 30 } }) } });
  await until('error state', () => c.sub.state.status === 'error');
  assert.equal(c.sub.state.error.message, "the bridge's answer has no ticket");
  assert.equal(ES.instances.length, 0);
});

test('network errors while loading history are retried, with the error shown meanwhile', async () => {
  const seenErrors = [];
  const c = start({
    routes: {
      'GET /events/history': (url, call, n) => {
        if (n === 1) throw new TypeError('Failed to fetch');
        return historyOf([event(1)])(url);
      },
    },
    subscribe: { onState: (s) => s.error && seenErrors.push(s.error.message) },
  });
  await streamOpened();
  assert.equal(seenErrors[0], 'Failed to fetch');
  assert.deepEqual(c.seen, [[1, false]]);
  ES.last.open();
  assert.equal(c.sub.state.status, 'connected');
  assert.equal(c.sub.state.lastEventId, event(1).id);
  assert.equal(c.sub.state.error, undefined);
  assert.equal(c.sub.state.lastError.message, 'Failed to fetch', 'the last error stays visible after recovering');
});

test('a refused ticket after renewal is an error, and the stream stops', async () => {
  const c = start({ routes: { 'POST /events/ticket': () => ({ status: 403, body: { error: 'forbidden', message: 'wallet blocked' } }) } });
  await until('error state', () => c.sub.state.status === 'error');
  assert.match(c.sub.state.error.message, /wallet blocked/);
  assert.equal(ES.instances.length, 0);
});

test('a message that is not an activity event is skipped with a warning, and the stream goes on', async (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  const c = start();
  await streamOpened();
  ES.last.open();
  ES.last.message('{not json');
  ES.last.message({ type: 'invoice.funded' });
  ES.last.message(event(1));
  assert.deepEqual(c.seen, [[1, true]]);
  assert.deepEqual(warn.mock.calls.map((call) => call.arguments[1]), ['{not json', '{"type":"invoice.funded"}']);
  assert.match(String(warn.mock.calls[0].arguments[0]), /not an activity event/);
});

test('the cache adapter gets the keys of live events only', async () => {
  const invalidated = [];
  start({
    routes: { 'GET /events/history': historyOf([event(1)]) },
    subscribe: { cache: (keys) => invalidated.push(...keys) },
  });
  await streamOpened();
  ES.last.open();
  ES.last.message(event(2, { invalidate: [['invoice', '7']] }));
  assert.deepEqual(invalidated, [['invoice', '7']]);
});

test('history: false streams from `after` without loading the history', async () => {
  const c = start({ subscribe: { history: false, after: event(9).id } });
  await streamOpened();
  assert.equal(c.fetch.count('GET /events/history'), 0);
  assert.equal(ES.last.url.searchParams.get('lastEventId'), event(9).id);
});

const HEAD = { ledger: 1234, ledgerClosedAt: '2026-11-22T10:00:05Z', lagLedgers: 2 };

test('status timestamps: head from connected and heartbeat, lastConnectedAt, lastEventAt of live events, attempt, lastError', async () => {
  const c = start({ routes: { 'GET /events/history': historyOf([event(1)], undefined, 1000) } });
  await streamOpened();
  assert.deepEqual([c.sub.state.head, c.sub.state.lastConnectedAt, c.sub.state.lastEventAt], [null, null, null],
    'history events are not live: no lastEventAt');
  const beforeOpen = Date.now();
  ES.last.open();
  const opened = c.sub.state.lastConnectedAt;
  assert.ok(opened >= beforeOpen && opened <= Date.now());
  ES.last.emit('connected', { clientId: 'c1', serverTime: '2026-11-22T10:00:06Z', lastEventId: event(1).id, heartbeatMs: 15000, head: HEAD });
  assert.deepEqual(c.sub.state.head, HEAD);
  ES.last.emit('heartbeat', { ...HEAD, ledger: 1235, lagLedgers: 0 });
  assert.deepEqual(c.sub.state.head, { ...HEAD, ledger: 1235, lagLedgers: 0 });
  const beforeEvent = Date.now();
  ES.last.message(event(2));
  assert.ok(c.sub.state.lastEventAt >= beforeEvent);
  ES.last.fail(false);
  ES.last.fail(false);
  assert.equal(c.sub.state.attempt, 2, 'two failed attempts while the browser retries');
  assert.equal(c.sub.state.status, 'reconnecting');
  ES.last.open();
  assert.equal(c.sub.state.attempt, 0);
  assert.ok(c.sub.state.lastConnectedAt >= opened);
  assert.equal(c.sub.state.lastError, null, 'the browser\'s own retries carry no error');
});

test('watchdog: a stream silent for twice heartbeatMs is replaced by a new one that resumes after the last event', async (t) => {
  const c = start();
  await streamOpened();
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const silent = ES.last;
  silent.open();
  silent.emit('connected', { heartbeatMs: 1000, head: HEAD });
  silent.message(event(4));
  t.mock.timers.tick(1999);
  assert.equal(c.sub.state.status, 'connected', 'not before twice the interval');
  t.mock.timers.tick(1);
  assert.equal(silent.closed, true, 'the silent stream was closed');
  assert.equal(c.sub.state.status, 'reconnecting');
  assert.equal(c.sub.state.attempt, 1);
  assert.match(c.sub.state.lastError.message, /no heartbeat from the bridge for 2 s/);
  t.mock.timers.tick(30_000); // the backoff before the new ticket
  t.mock.timers.reset();
  await streamOpened(2);
  assert.equal(ES.last.url.searchParams.get('lastEventId'), event(4).id);
  assert.equal(ES.last.url.searchParams.get('ticket'), 'ticket2');
  ES.last.open();
  assert.equal(c.sub.state.status, 'connected');
});

test('watchdog: heartbeats keep a quiet stream open; without connected it assumes 15 s', async (t) => {
  const c = start();
  await streamOpened();
  t.mock.timers.enable({ apis: ['setTimeout'] });
  ES.last.open();
  t.mock.timers.tick(29_999);
  assert.equal(c.sub.state.status, 'connected', 'the default interval: 15 s');
  ES.last.emit('connected', { heartbeatMs: 1000, head: HEAD });
  for (let i = 0; i < 10; i++) {
    t.mock.timers.tick(1500);
    ES.last.emit('heartbeat', HEAD);
  }
  t.mock.timers.reset();
  assert.equal(ES.instances.length, 1);
  assert.equal(ES.last.closed, false);
  assert.equal(c.sub.state.status, 'connected');
});

test('session-revoked: no renewal, the JWT is forgotten and every subscription of the bridge ends with the reason', async () => {
  const c = start({ routes: { 'DELETE /auth': () => ({ body: {} }) } });
  const other = c.bridge.subscribe({ invoiceId: '7' }, { history: false });
  open.push(other);
  await streamOpened(2);
  ES.instances.forEach((es) => es.open());
  ES.instances[0].emit('session-revoked');
  for (const sub of [c.sub, other]) {
    assert.equal(sub.state.status, 'error');
    assert.equal(sub.state.error.code, 'session_revoked');
    assert.match(sub.state.error.message, /session was revoked/);
  }
  assert.ok(ES.instances.every((es) => es.closed), 'both streams closed');
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(c.tokens.length, 1, 'no new login');
  assert.equal(c.fetch.count('POST /events/ticket'), 2, 'no new ticket');
  assert.equal(c.fetch.count('DELETE /auth'), 0, 'the session is already ended');
  assert.equal(ES.instances.length, 2, 'no new stream');
  await c.bridge.token();
  assert.equal(c.tokens.length, 2, 'the next call logs in afresh');
});

for (const [what, answer, check] of [
  ['a 503', () => ({ status: 503, body: { error: 'unavailable', message: 'store down' } }), (e) => e.status === 503 && /store down/.test(e.message)],
  ['a network error', () => { throw new TypeError('Failed to fetch'); }, (e) => e.status === 0 && e.code === 'unreachable' && /could not be reached \(Failed to fetch\)/.test(e.message)],
]) {
  test(`logout that gets ${what} rejects with a BridgeError, and still forgets the JWT and closes subscriptions`, async () => {
    const c = start({ routes: { 'DELETE /auth': answer } });
    await streamOpened();
    ES.last.open();
    await assert.rejects(c.bridge.logout(), (e) => e.name === 'BridgeError' && check(e));
    assert.equal(c.sub.state.status, 'disconnected');
    assert.equal(ES.last.closed, true);
    await c.bridge.token();
    assert.equal(c.tokens.length, 2, 'the old JWT is gone');
  });
}

test('logout that gets 401 resolves: the session had ended already', async () => {
  const c = start({ routes: { 'DELETE /auth': () => ({ status: 401, body: { error: 'invalid_token', message: 'expired' } }) } });
  await streamOpened();
  await c.bridge.logout();
  assert.equal(c.sub.state.status, 'disconnected');
});

const SEP10_ROUTES = {
  'GET /auth': () => ({ body: { transaction: 'CHALLENGE', network_passphrase: 'Test SDF Network ; September 2015' } }),
  'POST /auth': (url, call) => (call.body.transaction === 'SIGNED(CHALLENGE)'
    ? { body: { token: jwt('GACCOUNT') } }
    : { status: 401, body: { error: 'bad_signature', message: 'not signed' } }),
};

for (const [shape, sign] of [['a string', (xdr) => `SIGNED(${xdr})`], ['{ signedTxXdr }', (xdr) => ({ signedTxXdr: `SIGNED(${xdr})` })]]) {
  test(`SEP-10 login with a wallet that returns ${shape}`, async () => {
    const calls = [];
    const c = start({
      routes: SEP10_ROUTES,
      options: { getToken: undefined, login: { account: 'GACCOUNT', signTransaction: async (...args) => (calls.push(args), sign(args[0])) } },
    });
    await streamOpened();
    assert.equal(c.fetch.calls[0].url.searchParams.get('account'), 'GACCOUNT');
    assert.deepEqual(calls, [['CHALLENGE', { networkPassphrase: 'Test SDF Network ; September 2015', address: 'GACCOUNT' }]]);
    assert.equal(c.fetch.calls.find((x) => x.key === 'GET /events/history').auth, `Bearer ${jwt('GACCOUNT')}`);
    assert.equal(await c.bridge.token(), jwt('GACCOUNT'));
  });
}

test('SEP-10: a wallet that declines ends in the error state and is not asked again', async () => {
  let asked = 0;
  const c = start({
    routes: SEP10_ROUTES,
    options: { getToken: undefined, login: { account: 'GACCOUNT', signTransaction: async () => { asked++; throw new Error('User declined access'); } } },
  });
  await until('error state', () => c.sub.state.status === 'error');
  assert.equal(c.sub.state.error.message, 'the wallet did not sign the login challenge: User declined access');
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(asked, 1);
});

test('SEP-10: a Freighter-style { error } answer is reported', async () => {
  const c = start({
    routes: SEP10_ROUTES,
    options: { getToken: undefined, login: { account: 'GACCOUNT', signTransaction: async () => ({ signedTxXdr: '', error: { message: 'The user rejected this request.' } }) } },
  });
  await until('error state', () => c.sub.state.status === 'error');
  assert.match(c.sub.state.error.message, /rejected this request/);
});

test('createBridge needs exactly one way to log in', () => {
  assert.throws(() => createBridge({ url: BASE }), /exactly one of `login` \(SEP-10\) or `getToken`/);
  assert.throws(() => createBridge({ getToken: () => 't', login: { account: 'G', signTransaction: async () => '' } }), /exactly one/);
});
