// The library's default history against the real product: the newest 100 events of the log in one
// request, then live events from its head with no gap and no repeat at the seam, and loadOlder()
// paging back to the very first event of the log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { history, launchBrowser, login, waitFor } from '../support/browser.mjs';
import { startProduct } from '../support/product.mjs';
import { NEWEST, openHarness } from '../support/product-page.mjs';

let product;
let browser;
before(async () => {
  await Promise.all([
    startProduct({ env: { DEMO_LEDGER_INTERVAL: '1s' } }).then((p) => (product = p)),
    launchBrowser().then((b) => (browser = b)),
  ]);
});
after(async () => {
  await browser?.close();
  await product?.close();
});

test('newest 100 then live, with no gap at the seam; loadOlder pages back to the start of the log', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => new URL(r.url()).pathname === '/events/history' && requests.push(new URL(r.url()).searchParams.toString()));
  const { page, account } = await openHarness(context, product);
  await page.evaluate((a) => window.harness.start(a), account);
  await waitFor('connected', async () => (await page.evaluate(() => window.h.sub.state.status)) === 'connected', 30_000);
  const seen = () => page.evaluate(() => window.h.seen);
  await waitFor('live events', async () => (await seen()).filter((s) => s.live).length >= 5, 30_000);

  const received = await seen();
  assert.equal(received.filter((s) => !s.live).length, NEWEST, 'the newest 100 as history');
  assert.deepEqual(requests, ['order=desc&limit=100'], 'one history request');
  const { token } = await login(product.url);
  const log = (await history(product.url, token)).events.map((e) => e.id);
  const from = log.indexOf(received[0].id);
  assert.ok(from > 0, 'the log holds older events than the page loaded');
  assert.deepEqual(received.map((s) => s.id), log.slice(from, from + received.length), 'the log\'s events in order: no gap, no repeat at the seam');
  assert.equal(from + NEWEST, log.indexOf(received.find((s) => s.live).id), 'live starts right after the history');

  const older = await page.evaluate(async () => {
    const pages = [];
    for (;;) {
      const { events, end } = await window.h.sub.loadOlder(500);
      pages.unshift(events.map((e) => e.id));
      if (end) return pages;
    }
  });
  assert.deepEqual(older.flat(), log.slice(0, from), 'every older event once, oldest first, down to the first of the log');
  assert.equal((await seen()).filter((s) => !s.live).length, NEWEST, 'older events do not go through onEvent');
});
