// Logout while reconnecting: the product is killed so that the client is reconnecting, the page
// logs out (logout() rejects: the server could not be told), the product comes back, and no stream
// is opened for that page again. A second wallet in another browser context, which does not log
// out, shows that streams do come back in that time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, waitFor } from '../support/browser.mjs';
import { startProduct, streamStats } from '../support/product.mjs';
import { openHarness } from '../support/product-page.mjs';

let product;
let browser;
before(async () => {
  await Promise.all([
    startProduct({ env: { DEMO_LEDGER_INTERVAL: '1s' }, management: true }).then((p) => (product = p)),
    launchBrowser().then((b) => (browser = b)),
  ]);
});
after(async () => {
  await browser?.close();
  await product?.close();
});

/** A page running the library, subscribed with `filters` (the product's stats tell the two pages apart by filter). */
async function subscribed(filters) {
  const { page, account } = await openHarness(await browser.newContext(), product);
  await page.evaluate(([a, f]) => window.harness.start(a, f), [account, filters]);
  const status = () => page.evaluate(() => window.h.sub.state.status);
  await waitFor('the subscription to be connected', async () => (await status()) === 'connected', 30_000)
    .catch(async (e) => {
      const seen = await page.evaluate(() => ({ statuses: window.h.statuses, error: String(window.h.sub.state.error) }));
      throw new Error(`${e.message}: ${JSON.stringify(seen)}`);
    });
  return { page, status };
}

test('logout while reconnecting: after the product is back, no stream is opened for the page', { timeout: 90_000 }, async () => {
  const page = await subscribed({}); // "all" in the stats
  const control = await subscribed({ contract: 'pool' }); // "contract=pool"
  assert.deepEqual((await streamStats(product)).subscriptionsByFilter, { all: 1, 'contract=pool': 1 });

  await product.stop('SIGKILL');
  await waitFor('the page to be reconnecting', async () => (await page.status()) === 'reconnecting', 15_000);
  const logout = await page.page.evaluate(() => window.harness.logout());
  assert.match(logout, /^BridgeError unreachable: DELETE \/auth: the bridge could not be reached/, 'logout() says the server was not told');
  assert.equal(await page.status(), 'disconnected');
  const requests = []; // once logout() has returned, the page has nothing more to ask
  page.page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));

  await product.start();
  // Watch the product's streams until the control is back, and 4 s more: the browser retries every
  // `retry:` (2 s ± 20 %), so a stream of the logged-out page would have come back by then too.
  const giveUp = Date.now() + 20_000;
  let watchUntil = giveUp;
  while (Date.now() < watchUntil) {
    const stats = await streamStats(product);
    assert.equal(stats.subscriptionsByFilter.all, undefined, 'no stream for the logged-out page');
    if (watchUntil === giveUp && stats.subscriptionsByFilter['contract=pool'] === 1) watchUntil = Date.now() + 4_000;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.notEqual(watchUntil, giveUp, 'the control wallet, still logged in, got its stream back');
  assert.equal(await control.status(), 'connected');
  assert.deepEqual(requests, [], 'no request from the page after logout');
  assert.equal(await page.status(), 'disconnected');
  assert.deepEqual(await page.page.evaluate(() => window.h.statuses), ['connecting', 'connected', 'reconnecting', 'disconnected']);
});
