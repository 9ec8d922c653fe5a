// The built library in headless Chromium against the fake bridge: the browser's own EventSource,
// reconnects and renewals, judged by what the page received and what the server saw.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, recordErrors, waitFor } from './support/browser.mjs';
import { startFakeBridge } from './support/fake-bridge.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** A fake bridge and a fresh browser context on its test page; `cleanup` closes both. */
async function setup(t, serverOptions) {
  const server = await startFakeBridge(serverOptions);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(`${server.url}/test.html`);
  await page.waitForFunction(() => window.ready);
  t.after(async () => {
    await context.close();
    await server.close();
  });
  const client = {
    start: (options) => page.evaluate((o) => window.harness.start(o), options),
    seen: () => page.evaluate(() => window.h.seen),
    ids: async () => (await client.seen()).map((s) => s.id),
    statuses: () => page.evaluate(() => window.h.statuses),
    status: () => page.evaluate(() => window.h.sub.state.status),
    /** Waits until the page holds exactly the server's log (or `expected`), then checks order and uniqueness. */
    async hasAll(expected = () => server.log.map((e) => e.id)) {
      await waitFor('every event of the log in the page', async () => (await client.ids()).length >= expected().length);
      assert.deepEqual(await client.ids(), expected(), `page errors: ${errors.join('; ')}`);
    },
  };
  return { server, page, client, errors };
}

test("history: 'all' first, page by page, then live events, from the history's next", { timeout: 30_000 }, async (t) => {
  const { server, client } = await setup(t);
  server.historyLimit = 2; // several pages
  server.publish(5);
  await client.start({ history: 'all' });
  await waitFor('connected', async () => (await client.status()) === 'connected');
  server.publish(3);
  await client.hasAll();
  assert.deepEqual((await client.seen()).map((s) => s.live), [false, false, false, false, false, true, true, true]);
  assert.deepEqual(await client.statuses(), ['connecting', 'connected']);
  assert.ok(server.stats.historyRequests >= 3, `history pages: ${server.stats.historyRequests}`);
  assert.deepEqual(server.stats.resumedFrom, [server.log[4].id]);
});

test('an event sent again at the history/stream seam is delivered once', { timeout: 30_000 }, async (t) => {
  const { server, client } = await setup(t);
  server.overlap = true;
  server.publish(3);
  await client.start();
  await waitFor('connected', async () => (await client.status()) === 'connected');
  server.publish(2);
  await client.hasAll();
});

test('token-expired: the JWT is renewed through getToken and nothing is missed or repeated', { timeout: 30_000 }, async (t) => {
  const { server, page, client } = await setup(t, { jwtTtlMs: 1500 });
  server.publish(2);
  await client.start();
  await waitFor('connected', async () => (await client.status()) === 'connected');
  // Events keep coming across two token expiries.
  const until = Date.now() + 3500;
  while (Date.now() < until) {
    server.publish(1);
    await new Promise((r) => setTimeout(r, 100));
  }
  await client.hasAll();
  assert.ok(server.stats.streamsOpened >= 3, `streams: ${server.stats.streamsOpened}`);
  assert.ok((await page.evaluate(() => window.h.tokenCalls)) >= 3);
  assert.equal(server.stats.ticketsIssued, server.stats.streamsOpened, 'a new ticket for every new stream');
  assert.ok((await client.statuses()).includes('reconnecting'));
  assert.equal(await client.status(), 'connected');
});

test('server restart: reconnecting, then connected again, with the events stored meanwhile', { timeout: 30_000 }, async (t) => {
  const { server, client } = await setup(t);
  server.publish(2);
  await client.start();
  await waitFor('connected', async () => (await client.status()) === 'connected');
  await server.restart(800, () => server.publish(3));
  await waitFor('connected again', async () => (await client.statuses()).length >= 4 && (await client.status()) === 'connected');
  server.publish(2);
  await client.hasAll();
  assert.deepEqual(await client.statuses(), ['connecting', 'connected', 'reconnecting', 'connected']);
  assert.equal(server.stats.ticketsIssued, 1, 'the browser reconnected by itself with the same ticket');
  assert.equal(server.stats.resumedFrom[1], server.log[1].id, 'resumed from Last-Event-ID');
});

test('a stream the browser gave up on (401 for its ticket) is reopened with a new ticket, nothing missed', { timeout: 30_000 }, async (t) => {
  const { server, client } = await setup(t);
  server.publish(2);
  await client.start();
  await waitFor('connected', async () => (await client.status()) === 'connected');
  server.dropStreams({ revokeTickets: true });
  server.publish(3);
  await waitFor('a second stream', () => server.stats.streamsOpened === 2);
  server.publish(1);
  await client.hasAll();
  assert.equal(server.stats.ticketsIssued, 2);
  assert.equal(server.openStreams, 1);
  assert.ok((await client.statuses()).includes('reconnecting'));
});

test('logout while waiting for a new ticket: no stream is opened afterwards', { timeout: 30_000 }, async (t) => {
  const { server, page, client } = await setup(t);
  await client.start();
  await waitFor('connected', async () => (await client.status()) === 'connected');
  const release = server.holdTickets();
  server.dropStreams({ revokeTickets: true });
  await waitFor('the client asking for a new ticket', () => server.stats.ticketRequests === 2);
  assert.equal(await client.status(), 'reconnecting');
  const requests = server.stats.streamRequests;
  assert.equal(await page.evaluate(() => window.harness.logout()), 'ok');
  release();
  await waitFor('the ticket request answered', () => server.stats.ticketsAnswered === 2);
  await new Promise((r) => setTimeout(r, 700)); // long enough for a stream to be tried (retry is 300 ms)
  assert.equal(server.stats.streamRequests, requests, 'no stream requested after logout');
  assert.equal(server.stats.streamsOpened, 1);
  assert.equal(server.openStreams, 0);
  assert.equal(server.stats.deletes, 1);
  assert.equal(await client.status(), 'disconnected');
});

test('logout while the browser retries a lost connection: rejected as unreachable, and the server sees no stream when it is back', { timeout: 30_000 }, async (t) => {
  const { server, page, client } = await setup(t);
  let logout;
  await client.start();
  await waitFor('connected', async () => (await client.status()) === 'connected');
  await server.restart(700, async () => {
    await waitFor('reconnecting', async () => (await client.status()) === 'reconnecting');
    logout = await page.evaluate(() => window.harness.logout());
  });
  assert.match(logout, /^BridgeError unreachable: DELETE \/auth: the bridge could not be reached/, 'the app learns that the server was not told');
  await new Promise((r) => setTimeout(r, 700)); // the browser would retry within 300 ms
  assert.equal(server.stats.streamRequests, 1, 'no stream requested after logout');
  assert.equal(server.openStreams, 0);
  assert.equal(await client.status(), 'disconnected');
});

test('filters reach the server: only matching events arrive', { timeout: 30_000 }, async (t) => {
  const { server, client } = await setup(t);
  server.publish(6);
  await client.start({ filters: { invoiceId: ['2', '3'] } });
  await waitFor('connected', async () => (await client.status()) === 'connected');
  server.publish(6);
  await client.hasAll(() => server.log.filter((e) => e.invoiceId !== '1').map((e) => e.id));
});

test('default history: the newest 100 events in one request, oldest first, then live from its head; loadOlder to the start', { timeout: 30_000 }, async (t) => {
  const { server, page, client } = await setup(t);
  server.publish(250);
  await client.start();
  await waitFor('connected', async () => (await client.status()) === 'connected');
  server.publish(3);
  await client.hasAll(() => server.log.slice(150).map((e) => e.id));
  assert.deepEqual((await client.seen()).map((s) => s.live), [...Array(100).fill(false), true, true, true]);
  assert.deepEqual(server.stats.historyQueries, [{ order: 'desc', limit: '100' }], 'one history request');
  assert.deepEqual(server.stats.resumedFrom, [server.log[249].id], 'the stream continued after the head of the history read');

  const older = await page.evaluate(async () => {
    const pages = [];
    for (;;) {
      const { events, end } = await window.h.sub.loadOlder();
      pages.push({ ids: events.map((e) => e.id), end });
      if (end) return pages;
    }
  });
  assert.deepEqual(older.map((p) => p.ids.length), [100, 50]);
  assert.deepEqual(older.map((p) => p.end), [false, true]);
  assert.deepEqual([...older[1].ids, ...older[0].ids], server.log.slice(0, 150).map((e) => e.id), 'every older event once, each page oldest first');
  assert.equal((await client.seen()).length, 103, 'older pages do not go through onEvent');
});

test('watchdog: a paused server (no heartbeats) is left for a new stream, and nothing is missed', { timeout: 30_000 }, async (t) => {
  const { server, page, client } = await setup(t, { heartbeatMs: 1000 });
  server.publish(2);
  await client.start();
  await waitFor('connected', async () => (await client.status()) === 'connected');
  await waitFor('a heartbeat', async () => (await page.evaluate(() => window.h.sub.state.head)) !== null);
  const resume = server.pause();
  server.publish(2); // stored while paused, never written to the old stream
  await waitFor('reconnecting', async () => (await client.status()) === 'reconnecting');
  const state = await page.evaluate(() => window.h.sub.state);
  assert.match(state.lastError.message, /no heartbeat from the bridge for 2 s/);
  assert.ok(state.attempt >= 1);
  resume();
  await waitFor('connected again', async () => (await client.status()) === 'connected');
  server.publish(1);
  await client.hasAll();
  assert.equal(server.stats.streamsOpened, 2);
  assert.equal(server.stats.resumedFrom[1], server.log[1].id, 'resumed after the last event seen');
  assert.equal((await page.evaluate(() => window.h.sub.state)).attempt, 0);
});

test('session-revoked: the page stops with the reason and does not log in again', { timeout: 30_000 }, async (t) => {
  const { server, page, client } = await setup(t);
  await client.start({ account: 'GREVOKED' });
  await waitFor('connected', async () => (await client.status()) === 'connected');
  server.revokeSessions('GREVOKED');
  await waitFor('the error state', async () => (await client.status()) === 'error');
  const state = await page.evaluate(() => window.h.states.at(-1));
  assert.equal(state.error.code, 'session_revoked');
  await new Promise((r) => setTimeout(r, 1000)); // long enough for a renewal and a reconnect (retry is 300 ms)
  assert.equal(await page.evaluate(() => window.h.tokenCalls), 1, 'no new JWT');
  assert.equal(server.stats.ticketRequests, 1, 'no new ticket');
  assert.equal(server.stats.streamRequests, 1, 'no new stream');
  assert.equal(server.stats.revokedStreams, 1);
});

test('logout the server refuses with 503: logout() rejects, and the page is logged out locally', { timeout: 30_000 }, async (t) => {
  const { server, page, client } = await setup(t);
  await client.start();
  await waitFor('connected', async () => (await client.status()) === 'connected');
  server.logoutStatus = 503;
  assert.equal(await page.evaluate(() => window.harness.logout()), 'BridgeError unavailable: DELETE /auth: 503 logout failed');
  assert.equal(await client.status(), 'disconnected');
  await waitFor('the stream to end on the server', () => server.openStreams === 0);
});
