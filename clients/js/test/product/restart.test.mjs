// The product killed with SIGKILL and started again on the same port with the same data: the demo
// page shows connected → reconnecting → connected by itself, and then holds exactly the log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { history, login, waitFor } from '../support/browser.mjs';
import { readFeed } from '../support/demo-page.mjs';
import { assertFeedIsHistory, installProbe, openDemo, probe, withProductAndBrowser } from '../support/product-page.mjs';

let product;
let browser;
withProductAndBrowser({ env: { DEMO_LEDGER_INTERVAL: '1s' } }, (started, launched) => {
  product = started;
  browser = launched;
});

test('SIGKILL and restart: the page reconnects by itself and holds exactly the events of /events/history', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  await installProbe(context);
  const { page, errors } = await openDemo(context, product);
  const newest = async () => (await readFeed(page)).ids[0];
  const loaded = await newest();
  await waitFor('a live event', async () => (await newest()) > loaded, 30_000);

  await product.stop('SIGKILL');
  await waitFor('the badge to say reconnecting', async () => (await page.textContent('#state')) === 'reconnecting', 15_000);
  const beforeRestart = await newest();
  await product.start();

  await waitFor('the badge to say connected', async () => (await page.textContent('#state')) === 'connected', 30_000);
  // An event the restarted product appended (its log's head now is at least where the page was).
  const { token } = await login(product.url);
  const head = (await history(product.url, token, {}, beforeRestart)).next;
  await waitFor('a live event from the restarted product', async () => (await newest()) > head, 30_000);

  await assertFeedIsHistory(page, product, '(after the restart)');
  const seen = await probe(page);
  assert.deepEqual(seen.states, ['connecting', 'connected', 'reconnecting', 'connected'], 'the badge, in order');
  assert.equal(seen.open, 1, 'one stream open');
  assert.deepEqual(errors, [], 'no errors in the page');
});
