// A browser's own EventSource, no library: streams that live 5 s (STREAM_MAX_LIFETIME=5s) with rare
// filters, so most streams end before their first matching event. `connected` carries an `id:` line,
// so every reconnect sends Last-Event-ID and resumes exactly where the last stream ended; without it
// the browser reconnects at the head and silently loses what was stored in between.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { history, launchBrowser, login, waitFor } from '../support/browser.mjs';
import { startProduct } from '../support/product.mjs';

// Each is about one event every 30-40 s in the demo's mix: several 5 s streams pass before the first.
const RARE_TYPES = ['invoice.paid', 'pool.deposit', 'pool.withdraw', 'pool.repaid', 'pool.part_pay'];
const RUN_MS = Number(process.env.PLAIN_EVENTSOURCE_RUN_MS || 120_000);

let product;
let browser;
before(async () => {
  await Promise.all([
    startProduct({ env: { STREAM_MAX_LIFETIME: '5s' } }).then((p) => (product = p)),
    launchBrowser().then((b) => (browser = b)),
  ]);
});
after(async () => {
  await browser?.close();
  await product?.close();
});

test('a plain EventSource with a rare filter and 5 s streams receives exactly the history of its window', { timeout: RUN_MS + 120_000 }, async () => {
  const { token } = await login(product.url);
  const tickets = [];
  for (const type of RARE_TYPES) {
    const res = await fetch(`${product.url}/events/ticket`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, await res.clone().text());
    tickets.push({ type, ticket: (await res.json()).ticket });
  }

  const context = await browser.newContext();
  const streamRequests = []; // { type, lastEventId } of every GET /events the browser sent
  context.on('request', async (r) => {
    const url = new URL(r.url());
    if (url.pathname !== '/events') return;
    const headers = await r.allHeaders();
    streamRequests.push({ type: url.searchParams.get('type'), lastEventId: headers['last-event-id'] ?? null });
  });
  const page = await context.newPage();
  await page.goto(`${product.url}/health/live`); // any page of the product's origin: same-origin streams
  await page.evaluate((sources) => {
    window.received = {};
    for (const { type, ticket } of sources) {
      const r = (window.received[type] = { connected: [], messages: [], closedForGood: false });
      const es = new EventSource(`/events?ticket=${encodeURIComponent(ticket)}&type=${encodeURIComponent(type)}`);
      es.addEventListener('connected', (e) => r.connected.push({ idLine: e.lastEventId, lastEventId: JSON.parse(e.data).lastEventId, messagesBefore: r.messages.length }));
      es.onmessage = (e) => r.messages.push({ id: e.lastEventId, dataId: JSON.parse(e.data).id, type: JSON.parse(e.data).type });
      es.onerror = () => { if (es.readyState === EventSource.CLOSED) r.closedForGood = true; };
      (window.sources ??= []).push(es);
    }
  }, tickets);

  await new Promise((resolve) => setTimeout(resolve, RUN_MS));

  // Everything stored up to now must arrive; then the streams are closed and compared with history.
  const headRes = await fetch(`${product.url}/events/history?order=desc&limit=1`, { headers: { Authorization: `Bearer ${token}` } });
  const head = (await headRes.json()).head;
  const expected = {};
  for (const { type } of tickets) {
    const windowStart = (await page.evaluate((t) => window.received[t].connected[0]?.lastEventId, type)) ?? null;
    assert.ok(windowStart, `${type}: the first stream said where it started`);
    expected[type] = (await history(product.url, token, { type }, windowStart)).events.map((e) => e.id).filter((id) => id <= head);
    await waitFor(`${type}: every event up to ${head} delivered`, async () => {
      const got = new Set((await page.evaluate((t) => window.received[t].messages.map((m) => m.id), type)));
      return expected[type].every((id) => got.has(id));
    }, 30_000).catch(() => {}); // the comparison below says what is missing
  }
  const received = await page.evaluate(() => {
    for (const es of window.sources) es.close();
    return window.received;
  });
  await context.close();

  let closesBeforeFirstEvent = 0;
  let matched = 0;
  for (const { type } of tickets) {
    const r = received[type];
    const ids = r.messages.map((m) => m.id);
    assert.equal(r.closedForGood, false, `${type}: the browser never gave up on the stream`);
    assert.deepEqual(r.messages.filter((m) => m.id !== m.dataId || m.type !== type), [], `${type}: ids and types as filtered`);
    assert.equal(new Set(ids).size, ids.length, `${type}: no event twice: ${ids}`);
    assert.deepEqual(ids.filter((id) => id <= head), expected[type], `${type}: exactly the matching events of /events/history over the window`);
    for (const c of r.connected.slice(1)) {
      assert.ok(c.idLine, `${type}: every connected after the first carries an id line`);
    }
    closesBeforeFirstEvent += r.connected.filter((c) => c.messagesBefore === 0).length - 1;
    matched += expected[type].length;
  }
  // Every reconnect carried Last-Event-ID, also those before a stream's first matching event.
  for (const { type } of tickets) {
    const requests = streamRequests.filter((s) => s.type === type);
    assert.ok(requests.length >= 5, `${type}: many 5 s streams (${requests.length})`);
    assert.equal(requests[0].lastEventId, null, `${type}: the first connection starts fresh`);
    assert.deepEqual(requests.slice(1).filter((s) => !s.lastEventId), [], `${type}: every reconnect sent Last-Event-ID`);
  }
  assert.ok(closesBeforeFirstEvent >= 5, `streams that ended before their first matching event: ${closesBeforeFirstEvent}`);
  assert.ok(matched >= RARE_TYPES.length, `the window held matching events to check (${matched})`);
  console.log(`plain EventSource: ${matched} matching events over ${RUN_MS / 1000} s, `
    + `${streamRequests.length} stream requests, ${closesBeforeFirstEvent} streams ended before their first matching event`);
});
