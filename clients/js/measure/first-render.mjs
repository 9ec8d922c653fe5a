// Page-load time and bytes transferred for the first render of the demo page on a log of 50,000+
// events, with the whole history first (`?history=all`, the library's behaviour before) and with the
// newest 100 (the default now). Not a test: a measurement, run by hand (see the README).
//
//   node measure/first-render.mjs [--history-ledgers 17280] [--runs 3] [--only all|newest]
//
// It starts the real product (bridge.jar --demo, as test/product/ does) with a simulated chain that
// has `--history-ledgers` ledgers (~3 events each) of history; the page's default view (no filter)
// then matches every stored event. Each run opens the page in a fresh browser context (empty cache,
// new demo wallet) and measures, from navigation start, the time until the badge says connected
// (history delivered and rendered, stream open: the first render of the live feed), and the bytes
// the page received (Chrome's encoded bytes of every response, the SSE stream's so far included).
import { parseArgs } from 'node:util';
import { history, launchBrowser, login } from '../test/support/browser.mjs';
import { startProduct } from '../test/support/product.mjs';

const { values } = parseArgs({ options: { 'history-ledgers': { type: 'string', default: '17280' }, runs: { type: 'string', default: '3' }, only: { type: 'string' } } });
const runs = Number(values.runs);

const product = await startProduct({ env: { DEMO_HISTORY_LEDGERS: values['history-ledgers'] }, readyTimeoutMs: 600_000 });
const browser = await launchBrowser();
try {
  const { token } = await login(product.url);
  const stored = (await history(product.url, token)).events.length;
  console.log(`events stored, all matching the page's filter (none): ${stored}`);

  const measure = async (path) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const bytes = new Map(); // requestId → encoded bytes
    const urls = new Map();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, new URL(e.request.url).pathname));
    cdp.on('Network.dataReceived', (e) => bytes.set(e.requestId, (bytes.get(e.requestId) || 0) + e.encodedDataLength));
    cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, Math.max(bytes.get(e.requestId) || 0, e.encodedDataLength)));
    const started = Date.now();
    await page.goto(product.url + path);
    await page.waitForFunction(() => document.getElementById('state').textContent === 'connected'
      && document.querySelector('#feed tr'), null, { timeout: 600_000, polling: 50 });
    const ms = Date.now() - started;
    const rows = await page.evaluate(() => document.querySelectorAll('#feed tr').length);
    const count = await page.textContent('#count');
    await new Promise((r) => setTimeout(r, 200)); // the last loadingFinished events
    let total = 0;
    let historyBytes = 0;
    let historyRequests = 0;
    for (const [id, n] of bytes) {
      total += n;
      if (urls.get(id) === '/events/history') {
        historyBytes += n;
        historyRequests++;
      }
    }
    await context.close();
    return { ms, total, historyBytes, historyRequests, rows, count };
  };

  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  const modes = [['all', "whole history (history: 'all')", '/?history=all'], ['newest', 'newest 100 (default)', '/']];
  for (const [, name, path] of modes.filter(([mode]) => !values.only || mode === values.only)) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await measure(path));
    const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
    console.log(`${name}: connected after ${results.map((r) => (r.ms / 1000).toFixed(2) + ' s').join(', ')} (median ${(median('ms') / 1000).toFixed(2)} s); `
      + `${kib(median('total'))} transferred, of which /events/history ${kib(median('historyBytes'))} in ${median('historyRequests')} requests; `
      + `events received ${results[0].count}, rows ${results[0].rows}`);
  }
} finally {
  await browser.close();
  await product.close();
}
