// The demo page served by the real product (bridge.jar --demo): the newest 100 events, then live events
// as the simulated chain closes ledgers, and the feed is exactly the product's log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, recordErrors, waitFor } from '../support/browser.mjs';
import { readFeed } from '../support/demo-page.mjs';
import { startProduct } from '../support/product.mjs';
import { assertFeedIsHistory } from '../support/product-page.mjs';

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

test('the demo page shows the newest 100 events, then live events as ledgers close, exactly the log', { timeout: 90_000 }, async () => {
  const page = await browser.newPage();
  const errors = recordErrors(page);
  await page.goto(`${product.url}/`);
  await waitFor('the badge to say connected', async () => (await page.textContent('#state')) === 'connected', 30_000);

  const loaded = await readFeed(page);
  assert.equal(loaded.live.filter((live) => !live).length, 100, 'the newest 100 events of the history (the demo chain starts with more)');
  const liveRows = async () => (await readFeed(page)).live.filter(Boolean).length;
  await waitFor('a live event', async () => (await liveRows()) >= 1, 30_000);
  const first = await liveRows();
  await waitFor('more live events', async () => (await liveRows()) >= first + 5, 30_000);

  const feed = await assertFeedIsHistory(page, product);
  const firstHistoryRow = feed.live.indexOf(false);
  assert.ok(feed.live.slice(firstHistoryRow).every((live) => !live), 'newest first: the live rows sit above the history');
  assert.ok(Number(feed.count) > loaded.ids.length, 'the counter grew with the live events');
  assert.equal(await page.textContent('#state'), 'connected');
  assert.deepEqual(errors, [], 'no errors in the page');
});
