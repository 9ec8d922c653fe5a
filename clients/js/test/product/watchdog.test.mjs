// A server that stops answering without closing its sockets (the product JVM paused with SIGSTOP):
// the browser's EventSource notices nothing, the library's watchdog does after twice the heartbeat
// interval the product announced in `connected` (2 s here), shows reconnecting with the reason, and
// once the JVM runs again (SIGCONT) reconnects and misses nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { history, launchBrowser, login, waitFor } from '../support/browser.mjs';
import { startProduct } from '../support/product.mjs';
import { openHarness } from '../support/product-page.mjs';

let product;
let browser;
before(async () => {
  await Promise.all([
    startProduct({ env: { DEMO_LEDGER_INTERVAL: '1s', STREAM_HEARTBEAT: '2s' } }).then((p) => (product = p)),
    launchBrowser().then((b) => (browser = b)),
  ]);
});
after(async () => {
  product?.signal('SIGCONT'); // a stopped JVM would not end on SIGTERM
  await browser?.close();
  await product?.close();
});

test('heartbeats stop (SIGSTOP): the watchdog reconnects, and after SIGCONT nothing is missed', { timeout: 90_000 }, async () => {
  const { page, account } = await openHarness(await browser.newContext(), product);
  await page.evaluate((a) => window.harness.start(a), account);
  const state = () => page.evaluate(() => window.harness.state());
  await waitFor('connected', async () => (await state()).status === 'connected', 30_000);
  await waitFor('two heads (connected, then a heartbeat)', async () => (await page.evaluate(() => window.h.heads)) >= 2, 10_000);
  const connected = await state();
  assert.ok(Number.isInteger(connected.head.lagLedgers) && connected.head.lagLedgers >= 0, JSON.stringify(connected.head));
  assert.ok(connected.head.ledger > 0 && Date.parse(connected.head.ledgerClosedAt) > 0, JSON.stringify(connected.head));
  assert.ok(connected.lastConnectedAt > 0 && connected.attempt === 0 && connected.lastError === null);
  await waitFor('a live event', async () => (await page.evaluate(() => window.h.seen.some((s) => s.live))), 30_000);
  assert.ok((await state()).lastEventAt >= connected.lastConnectedAt);

  product.signal('SIGSTOP');
  const stoppedAt = Date.now();
  await waitFor('reconnecting', async () => (await state()).status === 'reconnecting', 15_000);
  const lost = await state();
  assert.match(lost.lastError.message, /no heartbeat from the bridge for 4 s/);
  assert.ok(lost.attempt >= 1);
  assert.ok(lost.lastError.at >= stoppedAt);
  await new Promise((r) => setTimeout(r, 3000)); // a few ledgers the paused indexer will catch up on
  product.signal('SIGCONT');

  await waitFor('connected again', async () => (await state()).status === 'connected', 30_000);
  const back = await state();
  assert.equal(back.attempt, 0);
  assert.ok(back.lastConnectedAt > lost.lastError.at);
  const resumed = (await page.evaluate(() => window.h.seen)).length;
  await waitFor('live events after the pause', async () => (await page.evaluate(() => window.h.seen)).length >= resumed + 3, 30_000);

  const seen = (await page.evaluate(() => window.h.seen)).map((s) => s.id);
  const { token } = await login(product.url);
  const log = (await history(product.url, token)).events.map((e) => e.id);
  const from = log.indexOf(seen[0]);
  assert.deepEqual(seen, log.slice(from, from + seen.length), 'the log\'s events in order across the pause: no gap, no repeat');
  assert.deepEqual(await page.evaluate(() => window.h.statuses), ['connecting', 'connected', 'reconnecting', 'connected']);
});
