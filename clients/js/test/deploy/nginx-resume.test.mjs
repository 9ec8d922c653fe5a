// Through nginx (deploy/nginx/soroban-bridge.conf, HTTP/2 to the browser): the product is killed with
// SIGKILL and started again behind the same nginx; the demo page, opened through nginx, reconnects by
// itself with Last-Event-ID through the proxy and then holds exactly the product's /events/history.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { history, launchBrowser, login, waitFor } from '../support/browser.mjs';
import { readFeed } from '../support/demo-page.mjs';
import { httpsRequest, loginAndTickets, makeCertificate, startNginx } from '../support/nginx.mjs';
import { startProduct } from '../support/product.mjs';
import { assertFeedIsHistory, installProbe, openDemo, probe } from '../support/product-page.mjs';

let product;
let nginx;
let browser;
before(async () => {
  await Promise.all([
    startProduct({ env: { DEMO_LEDGER_INTERVAL: '1s', SERVER_TRUSTED_PROXIES: '127.0.0.1' } }).then((p) => (product = p)),
    launchBrowser().then((b) => (browser = b)),
  ]);
  nginx = await startNginx({ upstreamPort: product.port, ...makeCertificate() });
});
after(async () => {
  await browser?.close();
  await nginx?.close();
  await product?.close();
});

test('through nginx: SIGKILL and restart of the product, the page resumes and misses nothing', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  await installProbe(context);
  const { page, errors } = await openDemo(context, { url: nginx.url });
  const newest = async () => (await readFeed(page)).ids[0];
  const loaded = await newest();
  await waitFor('a live event through nginx', async () => (await newest()) > loaded, 30_000);

  await product.stop('SIGKILL');
  await waitFor('the badge to say reconnecting', async () => (await page.textContent('#state')) !== 'connected', 15_000);
  const beforeRestart = await newest();
  // Events the page has not seen yet may be in the log already: the resume must bring exactly those.
  await product.start();

  await waitFor('the badge to say connected', async () => (await page.textContent('#state')) === 'connected', 30_000);
  const { token } = await login(product.url);
  const head = (await history(product.url, token, {}, beforeRestart)).next;
  await waitFor('a live event from the restarted product, through nginx', async () => (await newest()) > head, 30_000);

  // The page's rows and counter against the log, read from the product directly.
  await assertFeedIsHistory(page, product, '(through nginx, after the restart)');
  const seen = await probe(page);
  assert.equal(seen.states.at(-1), 'connected');
  assert.equal(seen.open, 1, 'one stream open');
  assert.deepEqual(errors, [], 'no errors in the page');
});

test('through nginx: a Last-Event-ID header reaches the bridge, which replays from exactly there', { timeout: 60_000 }, async () => {
  const { token, tickets } = await loginAndTickets(nginx.url, 1);
  const { events } = await history(product.url, token);
  assert.ok(events.length >= 5, 'the demo has a history');
  const resumeAfter = events.at(-5).id;
  const stream = await httpsRequest(`${nginx.url}/events?ticket=${encodeURIComponent(tickets[0])}`, {
    headers: { Accept: 'text/event-stream', 'Last-Event-ID': resumeAfter }, stream: true,
  });
  try {
    assert.equal(stream.status, 200);
    assert.equal(stream.headers['content-type'], 'text/event-stream');
    const frames = await waitFor('the connected event and four replayed events', () => {
      const parsed = stream.body().split('\n\n').filter((f) => /^(id|event|data):/m.test(f));
      return parsed.length >= 5 && parsed;
    }, 15_000);
    const connected = JSON.parse(/^data: (.*)$/m.exec(frames[0])[1]);
    assert.equal(connected.lastEventId, resumeAfter, 'the bridge saw the header nginx passed on');
    const ids = frames.slice(1, 5).map((f) => /^id: (.*)$/m.exec(f)[1]);
    assert.deepEqual(ids, events.slice(-4).map((e) => e.id), 'the replay starts right after it');
  } finally {
    stream.req.destroy();
  }
});
