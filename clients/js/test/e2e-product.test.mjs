// The demo page served by the real product. Skipped unless BRIDGE_URL points at a running bridge
// in demo mode (java -jar bridge/target/bridge.jar --demo, then BRIDGE_URL=http://localhost:8080).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { history, launchBrowser, login, recordErrors, waitFor } from './support/browser.mjs';
import { readFeed } from './support/demo-page.mjs';

const BASE = process.env.BRIDGE_URL?.replace(/\/$/, '');
const SKIP = !BASE && 'BRIDGE_URL is not set: start the product with --demo and set BRIDGE_URL to its base URL to run this test';
const MAX_ROWS = 500; // the demo page keeps this many rows

let browser;
before(async () => {
  if (!SKIP) browser = await launchBrowser();
});
after(() => browser?.close());

test('the product\'s demo page shows history, then live events, and its feed equals /events/history', { skip: SKIP, timeout: 120_000 }, async () => {
  const { token } = await login(BASE);
  // The simulated chain closes a ledger every 5 s: wait until there is some history to show.
  await waitFor('events in the log', async () => (await history(BASE, token)).events.length > 0, 60_000);

  const page = await browser.newPage();
  const errors = recordErrors(page);
  await page.goto(`${BASE}/`);
  await waitFor('the badge to say connected', async () => (await page.textContent('#state')) === 'connected', 30_000);
  const loaded = await readFeed(page);
  assert.ok(loaded.ids.length > 0, 'history rows');
  assert.ok(loaded.live.includes(false), 'rows from history');
  await waitFor('a live event', async () => (await readFeed(page)).live.includes(true), 60_000);

  const feed = await readFeed(page);
  const newest = feed.ids[0];
  // Events that arrive after we read the page are not in `feed`: compare up to its newest id.
  const logged = (await history(BASE, token)).events.map((e) => e.id).filter((id) => id <= newest).reverse();
  assert.deepEqual(feed.ids, logged.slice(0, MAX_ROWS), `page errors: ${errors.join('; ')}`);
  assert.equal(Number(feed.count), logged.length, 'the counter counts every event, also those past the shown rows');
});
