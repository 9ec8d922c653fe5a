// Browser-side helpers for the tests against the real product: a probe that watches the page's
// EventSources and state badge without changing the page, a harness page for the library served
// on the product's own origin, and the check that a page's feed is exactly the product's log.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Keypair, TransactionBuilder } from '@stellar/stellar-base';
import { history, login } from './browser.mjs';
import { readFeed } from './demo-page.mjs';

export const MAX_ROWS = 500; // the demo page keeps this many rows

/**
 * Installs, in every page of `context` before its own scripts run, a wrapper around the browser's
 * EventSource that records each stream (and its `token-expired` events), and an observer that
 * records every text the state badge (#state) shows. Read it with `probe(page)`.
 */
export function installProbe(context) {
  return context.addInitScript(() => {
    const probe = (window.__probe = { sources: [], tokenExpired: 0, states: [] });
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url, init) {
        super(url, init);
        probe.sources.push(this);
        this.addEventListener('token-expired', () => probe.tokenExpired++);
      }
    };
    document.addEventListener('DOMContentLoaded', () => {
      const badge = document.getElementById('state');
      if (!badge) return;
      const record = () => probe.states.at(-1) !== badge.textContent && probe.states.push(badge.textContent);
      record();
      new MutationObserver(record).observe(badge, { childList: true, characterData: true, subtree: true });
    });
  });
}

/** What the probe saw: streams created and still open, `token-expired` events, the badge's texts in order. */
export function probe(page) {
  return page.evaluate(() => {
    const p = window.__probe;
    return {
      opened: p.sources.length,
      open: p.sources.filter((s) => s.readyState !== EventSource.CLOSED).length,
      tokenExpired: p.tokenExpired,
      states: [...p.states],
    };
  });
}

/** Opens the product's demo page and waits for its badge to say connected. */
export async function openDemo(context, product, path = '/') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(product.url + path);
  try {
    await page.waitForFunction(() => document.getElementById('state').textContent === 'connected', null, { timeout: 30_000 });
  } catch (e) {
    const shown = await page.evaluate(() => ['state', 'error', 'count'].map((id) => `#${id}: ${document.getElementById(id).textContent}`).join(', '));
    throw new Error(`the demo page did not connect in 30 s (${shown}; page errors: ${errors.join('; ') || 'none'})`, { cause: e });
  }
  return { page, errors };
}

export const NEWEST = 100; // the history the library loads by default

/**
 * Asserts that the demo page shows exactly the newest part of the product's log, up to the newest
 * event on the page (later ones may not have reached it yet): the rows, newest first, with no gap and
 * no repeat (the page keeps the newest 500), the newest 100 events of the log as the page loaded
 * them below the live ones, and the counter (every event the page received). Returns the feed.
 */
export async function assertFeedIsHistory(page, product, message = '') {
  const feed = await readFeed(page);
  const newest = feed.ids[0];
  assert.ok(newest, 'the page shows events');
  const { token } = await login(product.url);
  const logged = (await history(product.url, token)).events.map((e) => e.id).filter((id) => id <= newest).reverse();
  assert.ok(logged.length > NEWEST, `the demo log holds more than ${NEWEST} events (${logged.length})`);
  const received = Number(feed.count);
  assert.deepEqual(feed.ids, logged.slice(0, Math.min(received, MAX_ROWS)), `the page's rows are the log's newest events, newest first ${message}`);
  const historyRows = feed.live.filter((live) => !live).length;
  assert.ok(received >= NEWEST && (historyRows === NEWEST || received > MAX_ROWS), `the page loaded the newest ${NEWEST} events, not more (${historyRows}) ${message}`);
  return feed;
}

const DIST_LIB = fileURLToPath(new URL('../../dist/lib/', import.meta.url));

/** A page that loads the built library and records what it reports; `window.harness.start()` subscribes. */
const HARNESS = `<!doctype html><meta charset="utf-8"><title>client harness</title>
<script type="module">
import { createBridge } from './lib/index.js';
window.harness = {
  start(account, filters = {}, options = {}) {
    const h = (window.h = { seen: [], statuses: [], heads: 0 });
    h.bridge = createBridge({
      login: { account, signTransaction: (xdr, { networkPassphrase }) => window.signChallenge(xdr, networkPassphrase) },
    });
    h.sub = h.bridge.subscribe(filters, {
      ...options,
      onEvent: (e, live) => h.seen.push({ id: e.id, live }),
      onState: (s) => {
        if (h.statuses.at(-1) !== s.status) h.statuses.push(s.status);
        if (s.head) h.heads++;
      },
    });
  },
  /** The state as plain data (the error as its code and message). */
  state: () => ({ ...window.h.sub.state, error: window.h.sub.state.error && { code: window.h.sub.state.error.code, message: window.h.sub.state.error.message } }),
  /** logout(), resolved with 'ok' or with the BridgeError's name, code and message. */
  logout: () => window.h.bridge.logout().then(() => 'ok', (e) => e.name + ' ' + e.code + ': ' + e.message),
};
window.ready = true;
</script>`;

/**
 * Opens a page on the product's own origin (so Web Locks, BroadcastChannel and same-origin
 * requests behave as in a dApp served there) that runs the library from dist/lib; the browser
 * never asks the product for these two paths, Playwright answers them. The wallet signing the
 * SEP-10 challenge is `keypair`, in Node. Returns the page and the wallet's account.
 */
export async function openHarness(context, product, keypair = Keypair.random()) {
  if (!existsSync(DIST_LIB + 'index.js')) throw new Error(`The harness loads the built library from ${DIST_LIB}: run npm run build first.`);
  await context.route(`${product.url}/__harness/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.replace('/__harness/', '');
    if (path === 'index.html') return route.fulfill({ contentType: 'text/html', body: HARNESS });
    const file = /^lib\/([\w.-]+\.js)$/.exec(path)?.[1];
    if (!file) return route.fulfill({ status: 404, body: 'not found' });
    try {
      return route.fulfill({ contentType: 'text/javascript', body: await readFile(DIST_LIB + file) });
    } catch {
      return route.fulfill({ status: 404, body: `no dist/lib/${file}: run npm run build` });
    }
  });
  const page = await context.newPage();
  await page.exposeFunction('signChallenge', (xdr, passphrase) => {
    const tx = TransactionBuilder.fromXDR(xdr, passphrase);
    tx.sign(keypair);
    return tx.toXDR();
  });
  await page.goto(`${product.url}/__harness/index.html`);
  await page.waitForFunction(() => window.ready, null, { timeout: 10_000 });
  return { page, account: keypair.publicKey() };
}
