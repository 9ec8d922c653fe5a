// The page's session ended from elsewhere (its JWT logged out by another client: DELETE /auth): the
// product ends the stream with `session-revoked`, and the library stops with that reason instead of
// logging in again or reconnecting.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, waitFor } from '../support/browser.mjs';
import { startProduct } from '../support/product.mjs';
import { openHarness } from '../support/product-page.mjs';

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

test('session-revoked: the library stops with the reason and neither renews nor reconnects', { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  const { page, account } = await openHarness(context, product);
  await page.evaluate((a) => window.harness.start(a), account);
  const state = () => page.evaluate(() => window.harness.state());
  await waitFor('connected', async () => (await state()).status === 'connected', 30_000);
  const jwt = await page.evaluate(() => window.h.bridge.token());
  const requests = [];
  context.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));

  const res = await fetch(`${product.url}/auth`, { method: 'DELETE', headers: { Authorization: `Bearer ${jwt}` } });
  assert.ok(res.ok, `DELETE /auth answered ${res.status}: ${await res.text()}`);
  await waitFor('the error state', async () => (await state()).status === 'error', 20_000);
  const stopped = await state();
  assert.equal(stopped.error.code, 'session_revoked');
  assert.match(stopped.lastError.message, /session was revoked/);
  await new Promise((r) => setTimeout(r, 5000)); // the product's retry: is 2 s: a reconnect would have come
  assert.deepEqual(requests.filter((r) => /\/auth|\/events/.test(r)), [], 'no login, ticket or stream after the revocation');
  assert.equal(await page.evaluate(() => window.h.sub.state.status), 'error');
});
