// Tabs of one origin share one stream: two pages of one browser context against the fake bridge.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, recordErrors, waitFor } from './support/browser.mjs';
import { startFakeBridge } from './support/fake-bridge.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

async function openTab(context, server) {
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(`${server.url}/test.html`);
  await page.waitForFunction(() => window.ready);
  await page.evaluate(() => window.harness.start({ account: 'GSAMEACCOUNT' }));
  const tab = {
    page,
    errors,
    ids: () => page.evaluate(() => window.h.seen.map((s) => s.id)),
    status: () => page.evaluate(() => window.h.sub.state.status),
    statuses: () => page.evaluate(() => window.h.statuses),
  };
  await waitFor('the tab to be connected', async () => (await tab.status()) === 'connected');
  return tab;
}

test('two tabs: the server sees one stream; when the leader closes, the other takes over with nothing missed', { timeout: 45_000 }, async (t) => {
  const server = await startFakeBridge();
  const context = await browser.newContext();
  t.after(async () => {
    await context.close();
    await server.close();
  });
  server.publish(3);
  const leader = await openTab(context, server);
  const follower = await openTab(context, server);
  server.publish(4);
  const all = () => server.log.map((e) => e.id);
  await waitFor('both tabs to have every event', async () =>
    (await leader.ids()).length === all().length && (await follower.ids()).length === all().length);
  assert.deepEqual(await leader.ids(), all());
  assert.deepEqual(await follower.ids(), all(), `follower errors: ${follower.errors.join('; ')}`);
  assert.equal(server.stats.streamsOpened, 1, 'one stream for the browser, not one per tab');
  assert.equal(server.openStreams, 1);

  const lastSeen = (await follower.ids()).at(-1);
  await leader.page.close({ runBeforeUnload: false });
  server.publish(3); // while the follower takes over: must not be missed
  await waitFor('the follower to lead its own stream', () => server.stats.streamsOpened === 2);
  server.publish(2);
  await waitFor('the follower to have every event', async () => (await follower.ids()).length === all().length);
  assert.deepEqual(await follower.ids(), all(), 'every event once, in order');
  assert.equal(server.stats.resumedFrom[1], lastSeen, 'the new stream resumed from the last id the follower saw');
  await waitFor('the old stream to be gone', () => server.openStreams === 1);
  assert.equal(await follower.status(), 'connected');
  assert.deepEqual(await follower.statuses(), ['connecting', 'connected', 'reconnecting', 'connected']);
});

test('a tab opened later loads its own history and then follows the shared stream', { timeout: 45_000 }, async (t) => {
  const server = await startFakeBridge();
  const context = await browser.newContext();
  t.after(async () => {
    await context.close();
    await server.close();
  });
  const first = await openTab(context, server);
  server.publish(5);
  await waitFor('the first tab to have 5 events', async () => (await first.ids()).length === 5);
  const second = await openTab(context, server);
  server.publish(2);
  await waitFor('the second tab to have every event', async () => (await second.ids()).length === 7);
  assert.deepEqual(await second.ids(), server.log.map((e) => e.id));
  const live = await second.page.evaluate(() => window.h.seen.map((s) => s.live));
  assert.deepEqual(live, [false, false, false, false, false, true, true]);
  assert.equal(server.stats.streamsOpened, 1);
});
