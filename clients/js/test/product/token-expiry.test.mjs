// JWTs that live 20 s (AUTH_JWT_TTL=20s): the product ends the stream with `token-expired`, the
// library logs in again (SEP-10), takes a new ticket and resumes after the last event it saw.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, waitFor } from '../support/browser.mjs';
import { readFeed } from '../support/demo-page.mjs';
import { startProduct } from '../support/product.mjs';
import { assertFeedIsHistory, installProbe, openDemo, probe } from '../support/product-page.mjs';

let product;
let browser;
before(async () => {
  await Promise.all([
    startProduct({ env: { DEMO_LEDGER_INTERVAL: '1s', AUTH_JWT_TTL: '20s' } }).then((p) => (product = p)),
    launchBrowser().then((b) => (browser = b)),
  ]);
});
after(async () => {
  await browser?.close();
  await product?.close();
});

test('a 20 s JWT: the stream gets token-expired, the library renews it, and no event is missed', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  await installProbe(context);
  const logins = [];
  context.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/auth' && logins.push(Date.now()));
  const { page, errors } = await openDemo(context, product);
  assert.equal(logins.length, 1);

  await waitFor('token-expired on the stream', async () => (await probe(page)).tokenExpired === 1, 40_000);
  await waitFor('a new stream', async () => (await probe(page)).opened === 2 && (await page.textContent('#state')) === 'connected', 15_000);
  const atRenewal = Number((await readFeed(page)).count);
  await waitFor('live events on the new stream', async () => Number((await readFeed(page)).count) >= atRenewal + 3, 15_000);

  await assertFeedIsHistory(page, product, '(across the renewal)');
  const seen = await probe(page);
  assert.equal(logins.length, 2, 'one more SEP-10 login, for the new JWT');
  assert.equal(seen.open, 1, 'one stream open');
  assert.deepEqual(seen.states, ['connecting', 'connected', 'reconnecting', 'connected'], 'the badge, in order');
  assert.deepEqual(errors, [], 'no errors in the page');
});
