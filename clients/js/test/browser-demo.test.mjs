// The demo page (dist/web) against the fake bridge: it logs in by itself with a real SEP-10
// signature made in the page, then shows history and live events, its state and counters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, recordErrors, waitFor } from './support/browser.mjs';
import { startFakeBridge } from './support/fake-bridge.mjs';
import { readFeed } from './support/demo-page.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test('the demo page logs in without a click and shows history, then live events', { timeout: 45_000 }, async (t) => {
  const server = await startFakeBridge();
  const context = await browser.newContext();
  t.after(async () => {
    await context.close();
    await server.close();
  });
  const page = await context.newPage();
  const errors = recordErrors(page);
  server.publish(4);
  await page.goto(`${server.url}/`);
  await waitFor('the badge to say connected', async () => (await page.textContent('#state')) === 'connected');
  assert.equal(server.stats.tokensIssued, 1, 'logged in through SEP-10 (the fake checks the page\'s signature)');
  await waitFor('the indexed head', async () => (await page.textContent('#head')) !== '—');
  assert.equal(await page.textContent('#head'), String(server.log.at(-1).ledger), 'the head from the stream\'s connected event');
  assert.equal(await page.textContent('#lag'), '0 ledgers');
  server.publish(2);
  await waitFor('6 rows', async () => (await readFeed(page)).ids.length === 6);
  const feed = await readFeed(page);
  assert.deepEqual(feed.ids, server.log.map((e) => e.id).reverse(), 'newest first');
  assert.deepEqual(feed.live, [true, true, false, false, false, false]);
  assert.equal(feed.count, '6');
  assert.equal(await page.textContent('#live'), '2');
  assert.equal(await page.textContent('#last'), server.log.at(-1).id);
  const first = await page.$$eval('#feed tr:first-child td', (tds) => tds.map((td) => td.textContent));
  const newest = server.log.at(-1);
  assert.deepEqual(first.slice(0, 5), [newest.type, newest.invoiceId, '6', 'GWAL…TONE', String(newest.ledger)]);
  assert.match(first[5], /^\d+\.\d s$/, 'delay since ledger close');
  assert.deepEqual(errors, []);
});

test('the demo page filters by invoice id through the server', { timeout: 45_000 }, async (t) => {
  const server = await startFakeBridge();
  const context = await browser.newContext();
  t.after(async () => {
    await context.close();
    await server.close();
  });
  const page = await context.newPage();
  server.publish(6);
  await page.goto(`${server.url}/`);
  await waitFor('6 rows', async () => (await readFeed(page)).ids.length === 6);
  await page.fill('input[name=invoiceId]', '2');
  await page.click('#filters button');
  const matching = () => server.log.filter((e) => e.invoiceId === '2').map((e) => e.id).reverse();
  await waitFor('only invoice 2', async () => JSON.stringify((await readFeed(page)).ids) === JSON.stringify(matching()));
  await waitFor('connected', async () => (await page.textContent('#state')) === 'connected');
  server.publish(3);
  await waitFor('the new invoice-2 event', async () => (await readFeed(page)).ids.length === matching().length);
  assert.deepEqual((await readFeed(page)).ids, matching());
  assert.equal(new URL(page.url()).searchParams.get('invoiceId'), '2', 'the filter is in the URL');
});

test('the demo page shows the newest 100 events, older ones on request, and the lag from heartbeats', { timeout: 45_000 }, async (t) => {
  const server = await startFakeBridge({ heartbeatMs: 300 });
  const context = await browser.newContext();
  t.after(async () => {
    await context.close();
    await server.close();
  });
  const page = await context.newPage();
  const errors = recordErrors(page);
  server.publish(150);
  await page.goto(`${server.url}/`);
  await waitFor('100 rows', async () => (await readFeed(page)).ids.length === 100);
  assert.deepEqual((await readFeed(page)).ids, server.log.slice(50).map((e) => e.id).reverse());
  assert.deepEqual(server.stats.historyQueries, [{ order: 'desc', limit: '100' }]);
  server.lagLedgers = 3;
  await waitFor('the lag from a heartbeat', async () => (await page.textContent('#lag')) === '3 ledgers');
  await page.click('#older');
  await waitFor('150 rows', async () => (await readFeed(page)).ids.length === 150);
  const feed = await readFeed(page);
  assert.deepEqual(feed.ids, server.log.map((e) => e.id).reverse(), 'newest first, the older page below');
  assert.equal(feed.count, '150');
  assert.equal(await page.isHidden('#older'), true, 'the start of the log: nothing older');
  assert.deepEqual(errors, []);
});
