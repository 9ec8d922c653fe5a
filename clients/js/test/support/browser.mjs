// Shared helpers of the browser tests. Nothing here knows whether the server is the fake bridge or
// the real product: every helper takes a base URL (the fake's, or BRIDGE_URL).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { Keypair, TransactionBuilder } from '@stellar/stellar-base';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Headless Chromium from the machine (never a downloaded one). */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Polls `check` (in Node) until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A page's console errors and uncaught exceptions, to show when a test fails. */
export function recordErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

/** SEP-10 login from Node with a fresh key pair, as the demo page does in the browser. */
export async function login(baseUrl, keypair = Keypair.random()) {
  const challenge = await getJson(`${baseUrl}/auth?account=${keypair.publicKey()}`);
  const tx = TransactionBuilder.fromXDR(challenge.transaction, challenge.network_passphrase);
  tx.sign(keypair);
  const res = await fetch(`${baseUrl}/auth`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ transaction: tx.toXDR() }),
  });
  if (!res.ok) throw new Error(`POST /auth answered ${res.status}: ${await res.text()}`);
  return { account: keypair.publicKey(), token: (await res.json()).token };
}

/** Every page of /events/history (after `after`, matching `filters`), as the client loads it. */
export async function history(baseUrl, token, filters = {}, after = null) {
  const events = [];
  for (;;) {
    const q = new URLSearchParams({ ...filters, limit: '500', ...(after ? { after } : {}) });
    const page = await getJson(`${baseUrl}/events/history?${q}`, token);
    events.push(...page.events);
    after = page.next ?? after;
    if (!page.events.length) return { events, next: after };
  }
}

async function getJson(url, token) {
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}
