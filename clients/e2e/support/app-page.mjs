// Helpers of the browser tests of the bindings (clients/react, clients/vue) and of the packed-package
// builds (clients/e2e): the product and Chromium come from clients/js's test support; this adds
// serving a built app on the product's own origin and opening it logged in.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { launchBrowser, login, waitFor } from '../../js/test/support/browser.mjs';
import { startProduct, streamStats } from '../../js/test/support/product.mjs';
import { installProbe, probe } from '../../js/test/support/product-page.mjs';

export { launchBrowser, login, waitFor, startProduct, streamStats, installProbe, probe };

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
