// The README's first command, as a newcomer runs it: `java -jar app/target/soroban-bridge.jar --demo`
// with nothing configured (the only environment variable is SERVER_PORT, so that tests can run
// side by side), then the printed URL opened in a browser, which must receive a live event.
// Prints the time from the command to the first live event on the page.
// With UPDATE_SCREENSHOT=1 it also saves the page as docs/demo.png (the README's picture).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser, recordErrors, waitFor } from '../support/browser.mjs';
import { readFeed } from '../support/demo-page.mjs';
import { startProduct } from '../support/product.mjs';

const SCREENSHOT = fileURLToPath(new URL('../../../../docs/demo.png', import.meta.url));

let browser;
let product;
before(async () => {
  browser = await launchBrowser(); // the newcomer's browser is already open
});
after(async () => {
  await browser?.close();
  await product?.close();
});

test('soroban-bridge.jar --demo with no configuration serves the page, and the page receives a live event', { timeout: 120_000 }, async (t) => {
  product = await startProduct({ waitReady: false });
  assert.deepEqual(Object.keys(product.env), ['SERVER_PORT'], 'nothing configured but the port');
  const { url, at: printedAt } = await product.printed;
  assert.equal(url, `http://localhost:${product.port}/`, 'the product prints the page\'s URL');

  const page = await browser.newPage({ viewport: { width: 1180, height: 760 } });
  const errors = recordErrors(page);
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('#feed tr.live'), null, { timeout: 60_000, polling: 20 });
  const firstLiveAt = Date.now();
  assert.equal(await page.textContent('#state'), 'connected');
  assert.deepEqual(errors, [], 'no errors in the page');
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  t.diagnostic(`command → URL printed ${seconds(printedAt - product.spawnedAt)}, → first live event on the page ${seconds(firstLiveAt - product.spawnedAt)} (a ledger every 5 s)`);

  if (process.env.UPDATE_SCREENSHOT === '1') {
    // A picture with a few ledgers of live events above the history.
    const live = async () => (await readFeed(page)).live.filter(Boolean).length;
    await waitFor('a few live events', async () => (await live()) >= 12, 60_000);
    await page.evaluate(() => document.querySelectorAll('tr.fresh').forEach((tr) => tr.classList.remove('fresh')));
    await page.screenshot({ path: SCREENSHOT });
    t.diagnostic(`saved ${SCREENSHOT}`);
  }
});
