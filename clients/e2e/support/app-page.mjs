// Helpers of the browser tests of the bindings (clients/react, clients/vue) and of the packed-package
// builds (clients/e2e): the product and Chromium come from clients/js's test support; this adds
// serving a built app on the product's own origin and opening it logged in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { extname, join, normalize } from 'node:path';
import { launchBrowser, login, waitFor } from '../../js/test/support/browser.mjs';
import { startProduct, streamStats } from '../../js/test/support/product.mjs';
import { installProbe, probe } from '../../js/test/support/product-page.mjs';

export { launchBrowser, login, waitFor, startProduct, streamStats, installProbe, probe };

/**
 * For a binding's test file: before its tests, bundles the test app `main` with the package's own esbuild
 * (`define` as the framework wants it) into a page folder, and starts the product (management port, a
 * ledger a second) and a browser; hands `{ product, browser, dir }` to `use`; removes all of it after.
 */
export function withBindingApp(esbuild, { main, define }, use) {
  const dir = mkdtempSync(join(tmpdir(), 'binding-app-'));
  let product;
  let browser;
  before(async () => {
    await esbuild.build({ entryPoints: [main], outfile: join(dir, 'app.js'), bundle: true, format: 'esm', define, logLevel: 'warning' });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><div id="root"></div><script type="module" src="app.js"></script>');
    await Promise.all([
      startProduct({ env: { DEMO_LEDGER_INTERVAL: '1s' }, management: true }).then((started) => (product = started)),
      launchBrowser().then((launched) => (browser = launched)),
    ]);
    use({ product, browser, dir });
  });
  after(async () => {
    await browser?.close();
    await product?.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

/** The test app's event list: each row's contract and text. */
export const appRows = (page) => page.$$eval('#events li', (lis) => lis.map((li) => ({ contract: li.dataset.contract, text: li.textContent })));

/** How often the test app's hooks subscribed and closed. */
export const appCalls = (page) => page.evaluate(() => ({ subscribe: window.calls.subscribe, close: window.calls.close }));

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

/**
 * Serves the files of `dir` at `<product>/__app/…` in the pages of `context`: the app runs on the
 * product's origin (same-origin requests, Web Locks), as a dApp served next to the bridge would;
 * the product itself never sees these paths, Playwright answers them.
 */
export async function serveDir(context, product, dir) {
  await context.route(`${product.url}/__app/**`, async (route) => {
    const path = normalize(new URL(route.request().url()).pathname.replace('/__app/', '') || 'index.html');
    if (path.startsWith('..')) return route.fulfill({ status: 404, body: 'not found' });
    try {
      return route.fulfill({ contentType: TYPES[extname(path)] || 'application/octet-stream', body: await readFile(join(dir, path)) });
    } catch {
      return route.fulfill({ status: 404, body: `no ${path} in ${dir}` });
    }
  });
}

/**
 * Opens the app served by `serveDir` with a fresh SEP-10 login done in Node: the app's
 * `getToken()` returns `window.BRIDGE_TOKEN`, as a dApp's own login would give it. Every
 * EventSource of the page is recorded (read with `probe(page)`). Returns the page and its errors.
 */
export async function openApp(context, product, { query = '' } = {}) {
  const { token } = await login(product.url);
  await context.addInitScript((t) => (window.BRIDGE_TOKEN = t), token);
  await installProbe(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${product.url}/__app/index.html${query}`);
  return { page, errors };
}

/** The product's open streams by filter (`/events/stats` on the management port), e.g. `{ 'contract=pool': 1 }`. */
export async function streamsByFilter(product) {
  return (await streamStats(product)).subscriptionsByFilter;
}

/** Waits until the product's streams by filter are exactly `expected`. */
export async function waitForStreams(product, expected, what) {
  let last;
  try {
    await waitFor(what, async () => JSON.stringify((last = await streamsByFilter(product))) === JSON.stringify(expected), 15_000);
  } catch (e) {
    throw new Error(`${e.message}: the product has ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
  }
}
