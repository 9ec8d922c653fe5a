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

/** /events/history over `events`, `limit` per page; `next` is the log's head once exhausted. */
const historyOf = (events, head = events[events.length - 1]?.id ?? null, limit = 2) => (url) => {
  const after = url.searchParams.get('after');
  const page = events.filter((e) => !after || e.id > after).slice(0, limit);
  return { body: { events: page, next: page.length === limit ? page[page.length - 1].id : head } };
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

test('loads every history page with the JWT, then streams from its next with a ticket and the filters', async () => {
  const history = [1, 2, 3, 4, 5].map((n) => event(n));
  const c = start({
    routes: { 'GET /events/history': historyOf(history, event(7).id) },
    filters: { invoiceId: ['42', '43'], wallet: 'me' },
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
  assert.deepEqual(c.sub.state, { status: 'connected', lastEventId: event(8).id, error: undefined });
  assert.deepEqual(c.seen.at(-1), [8, true]);
});

test('delivers each event once across the history/stream seam and stream repeats', async () => {
  const c = start({ routes: { 'GET /events/history': historyOf([event(1), event(2), event(3)]) } });
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
  assert.deepEqual(c.sub.state, { status: 'connected', lastEventId: event(1).id, error: undefined });
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
