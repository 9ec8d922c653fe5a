// Two tabs of the demo page in one browser (one context: one origin, one demo wallet): the product
// sees one stream; when the tab holding it closes, the other opens its own from the last event it
// saw, and misses nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../support/browser.mjs';
import { readFeed } from '../support/demo-page.mjs';
import { streamStats } from '../support/product.mjs';
import { assertFeedIsHistory, installProbe, openDemo, probe, withProductAndBrowser } from '../support/product-page.mjs';

let product;
let browser;
withProductAndBrowser({ env: { DEMO_LEDGER_INTERVAL: '1s' }, management: true }, (started, launched) => {
  product = started;
  browser = launched;
});

const connections = async () => (await streamStats(product)).connections;

test('two tabs share one stream; when the streaming tab closes the other continues with nothing missed', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  await installProbe(context);
  const tabs = [await openDemo(context, product), await openDemo(context, product)];
  const count = async (tab) => Number((await readFeed(tab.page)).count);
  const counts = await Promise.all(tabs.map(count));
  await waitFor('live events in both tabs', async () => (await count(tabs[0])) > counts[0] + 2 && (await count(tabs[1])) > counts[1] + 2, 15_000);

  // Over a few ledgers, never more than one stream on the server.
  for (let i = 0; i < 10; i++) {
    assert.equal(await connections(), 1, 'the product sees one stream for the two tabs');
    await new Promise((r) => setTimeout(r, 200));
  }
  const open = await Promise.all(tabs.map(async (tab) => (await probe(tab.page)).open));
  assert.deepEqual([...open].sort(), [0, 1], 'one tab holds the EventSource');
  const [leader, follower] = open[0] === 1 ? tabs : [tabs[1], tabs[0]];
  assert.equal((await probe(follower.page)).opened, 0, 'the other tab never opened one');
  await assertFeedIsHistory(follower.page, product, '(the tab without a stream of its own)');

  await leader.page.close({ runBeforeUnload: false });
  await waitFor('the other tab to open the stream', async () => (await probe(follower.page)).open === 1, 15_000);
  const atTakeover = await count(follower);
  await waitFor('live events on its stream', async () => (await count(follower)) >= atTakeover + 3, 15_000);
  await waitFor('the closed tab\'s stream to end on the server', async () => (await connections()) === 1, 15_000);

  await assertFeedIsHistory(follower.page, product, '(after the takeover)');
  assert.equal(await follower.page.textContent('#state'), 'connected');
  assert.deepEqual(follower.errors, [], 'no errors in the page');
});
