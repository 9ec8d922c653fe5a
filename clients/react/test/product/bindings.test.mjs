// The React binding with the real react/react-dom in headless Chromium against the real product
// (soroban-bridge.jar --demo): StrictMode's double mount leaves one server stream, a re-render with equal
// filters keeps it, a filter change swaps it, unmounting closes it; events and status in the DOM.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import {
  appCalls as calls, appRows as rows, openApp, probe, serveDir, waitFor, waitForStreams, withBindingApp,
} from '../../../e2e/support/app-page.mjs';

let product;
let browser;
let dir;
withBindingApp(esbuild, { main: new URL('../app/main.mjs', import.meta.url).pathname, define: { 'process.env.NODE_ENV': '"development"' } }, (started) => {
  ({ product, browser, dir } = started);
});

test('StrictMode, equal re-renders, a new callback, a filter change, unmount and remount: one stream each time', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  await serveDir(context, product, dir);
  const { page, errors } = await openApp(context, product);

  // Mounted under StrictMode: subscribed, closed, subscribed again; one stream on the server.
  await page.waitForSelector('#feed-state[data-status="connected"]', { timeout: 30_000 });
  await waitFor('events in the list', async () => (await rows(page)).length > 0);
  assert.deepEqual(await calls(page), { subscribe: 2, close: 1 }, 'StrictMode mounted the hook twice and the first subscription was closed');
  await waitForStreams(product, { 'contract=invoice': 1 }, 'one stream for the filter');
  assert.equal((await probe(page)).opened, 1, 'the page never opened a second EventSource');
  assert.ok((await rows(page)).every((r) => r.contract === 'invoice'), 'the list shows the filter\'s events');
  assert.equal(await page.getAttribute('#badge', 'data-status'), 'connected', 'useBridgeStatus shows the open subscription');

  // The status in the DOM is the subscription's state object, field for field (head, lastEventAt… when the library has them).
  await waitFor('the rendered state to be the subscription\'s', () => page.evaluate(() => {
    const { error, ...state } = window.calls.subs.at(-1).state;
    return document.getElementById('feed-state').dataset.json === JSON.stringify(state)
      && document.getElementById('badge').dataset.json === JSON.stringify(state);
  }));
  const shown = await page.$$eval('#feed-state dd[data-field]', (dds) => Object.fromEntries(dds.map((d) => [d.dataset.field, d.textContent])));
  assert.equal(shown.status, 'connected');
  assert.match(shown.lastEventId, /^\d{19}-\d{10}$/, 'the last event id is shown');
  if ('head' in shown) assert.match(shown.head, /"ledger":\d+/, 'the indexed head is shown');

  // Re-rendered with new but equal filter objects: same stream, no new subscription.
  for (let i = 0; i < 3; i++) await page.evaluate(() => window.app.rerender());
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await calls(page), { subscribe: 2, close: 1 }, 'equal filters keep the subscription');

  // A new onEvent (another `tag`) is used at once, without a resubscribe: no stale closure.
  await page.evaluate(() => window.app.setTag('b'));
  await waitFor('a live event seen by the new callback', () => page.evaluate(() => window.seen.some((s) => s.tag === 'b' && s.live)), 20_000);
  assert.deepEqual(await calls(page), { subscribe: 2, close: 1 }, 'a new callback does not resubscribe');

  // Another filter: the old stream is closed, the new one opened; the list is the new filter's.
  await page.evaluate(() => window.app.setFilters({ contract: 'pool' }));
  await waitForStreams(product, { 'contract=pool': 1 }, 'the stream of the new filter only');
  await page.waitForSelector('#feed-state[data-status="connected"]');
  await waitFor('pool events in the list', async () => (await rows(page)).length > 0);
  assert.ok((await rows(page)).every((r) => r.contract === 'pool'), 'the list shows only the new filter\'s events');
  assert.deepEqual(await calls(page), { subscribe: 3, close: 2 });
  assert.equal((await probe(page)).open, 1, 'one EventSource open in the page');

  // Unmount the component: no stream left, the status hook has nothing open.
  await page.evaluate(() => window.app.setMounted(false));
  await waitForStreams(product, {}, 'no stream after unmount');
  assert.equal((await probe(page)).open, 0, 'no EventSource open in the page');
  assert.equal(await page.getAttribute('#badge', 'data-status'), 'none');

  // Mount it again (StrictMode again: two subscribes, one close), then unmount the whole root.
  await page.evaluate(() => window.app.setMounted(true));
  await page.waitForSelector('#feed-state[data-status="connected"]', { timeout: 30_000 });
  await waitForStreams(product, { 'contract=pool': 1 }, 'one stream after the remount');
  assert.deepEqual(await calls(page), { subscribe: 5, close: 4 });
  await page.evaluate(() => window.unmountRoot());
  await waitForStreams(product, {}, 'no stream after the root unmounts');
  assert.deepEqual(await calls(page), { subscribe: 5, close: 5 }, 'every subscription closed');
  assert.deepEqual(errors, [], 'no errors in the page');
  await context.close();
});
