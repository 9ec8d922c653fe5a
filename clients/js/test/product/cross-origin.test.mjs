// A dApp on another origin (the normal case: app.example calling events.example): a page served from
// http://127.0.0.2:<port> logs in to the product on http://127.0.0.1:<port> with SEP-10, streams with
// a ticket, and logs out with DELETE /auth, all with the browser's own fetch and EventSource and the
// product's CORS (server.cors-allowed-origins). After the logout the stream ends with
// `session-revoked`, and the JWT and the ticket get 401.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { Keypair, TransactionBuilder } from '@stellar/stellar-base';
import { launchBrowser, recordErrors, waitFor } from '../support/browser.mjs';
import { freePort, startProduct } from '../support/product.mjs';

const PAGE = `<!doctype html><meta charset="utf-8"><title>dApp on another origin</title>
<script>
window.dapp = {
  seen: [], named: [], errors: 0,
  async login(bridge, account) {
    const challenge = await (await fetch(bridge + '/auth?account=' + account)).json();
    const transaction = await window.signChallenge(challenge.transaction, challenge.network_passphrase);
    const res = await fetch(bridge + '/auth', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ transaction }) });
    if (!res.ok) throw new Error('POST /auth answered ' + res.status + ': ' + await res.text());
    this.token = (await res.json()).token;
    const ticket = await fetch(bridge + '/events/ticket', { method: 'POST', headers: { Authorization: 'Bearer ' + this.token } });
    if (!ticket.ok) throw new Error('POST /events/ticket answered ' + ticket.status);
    this.ticket = (await ticket.json()).ticket;
  },
  stream(bridge) {
    const source = (this.source = new EventSource(bridge + '/events?ticket=' + encodeURIComponent(this.ticket)));
    source.onmessage = (e) => this.seen.push(e.lastEventId);
    source.onerror = () => this.errors++;
    for (const name of ['connected', 'session-revoked', 'token-expired']) {
      source.addEventListener(name, () => {
        this.named.push(name);
        if (name === 'session-revoked') source.close(); // logged out: no reconnect
      });
    }
  },
  async logout(bridge) {
    return (await fetch(bridge + '/auth', { method: 'DELETE', headers: { Authorization: 'Bearer ' + this.token } })).status;
  },
  async statusOf(url, withToken) {
    const res = await fetch(url, withToken ? { headers: { Authorization: 'Bearer ' + this.token } } : {});
    return res.status;
  },
};
</script>`;

let product;
let browser;
let site;
let origin;
before(async () => {
  const pagePort = await freePort();
  origin = `http://127.0.0.2:${pagePort}`;
  site = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE));
  await new Promise((resolve) => site.listen(pagePort, '127.0.0.2', resolve));
  [product, browser] = await Promise.all([
    startProduct({ env: { SERVER_CORS_ALLOWED_ORIGINS: origin, DEMO_LEDGER_INTERVAL: '1s', STREAM_HEARTBEAT: '1s' } }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await product?.close();
  await new Promise((resolve) => (site ? site.close(resolve) : resolve()));
});

test('a page on another origin logs in, streams and logs out; then its JWT and ticket get 401', { timeout: 90_000 }, async () => {
  const page = await browser.newPage();
  const errors = recordErrors(page);
  const keypair = Keypair.random();
  await page.exposeFunction('signChallenge', (xdr, passphrase) => {
    const tx = TransactionBuilder.fromXDR(xdr, passphrase);
    tx.sign(keypair);
    return tx.toXDR();
  });
  await page.goto(`${origin}/`);
  assert.notEqual(new URL(page.url()).origin, product.url, 'the page is on another origin than the product');

  await page.evaluate(([bridge, account]) => window.dapp.login(bridge, account), [product.url, keypair.publicKey()]);
  await page.evaluate((bridge) => window.dapp.stream(bridge), product.url);
  await waitFor('two live events on the page', () => page.evaluate(() => window.dapp.seen.length >= 2), 30_000);
  assert.deepEqual(await page.evaluate(() => window.dapp.named), ['connected']);

  assert.equal(await page.evaluate((bridge) => window.dapp.logout(bridge), product.url), 204, 'DELETE /auth passes CORS');
  await waitFor('session-revoked on the page\'s stream', () => page.evaluate(() => window.dapp.named.includes('session-revoked')), 15_000);
  const { token, ticket } = await page.evaluate(() => ({ token: window.dapp.token, ticket: window.dapp.ticket }));

  // From the page (through CORS) and from outside: the JWT and its ticket are dead.
  assert.equal(await page.evaluate((url) => window.dapp.statusOf(url, true), `${product.url}/events/history`), 401);
  assert.equal(await page.evaluate((url) => window.dapp.statusOf(url, false),
    `${product.url}/events?ticket=${encodeURIComponent(ticket)}`), 401);
  assert.equal(await page.evaluate((bridge) => window.dapp.logout(bridge), product.url), 401, 'a second logout is refused');
  const fromNode = async (path, headers = {}) => (await fetch(product.url + path, { headers })).status;
  assert.equal(await fromNode('/events/history', { Authorization: `Bearer ${token}` }), 401);
  assert.equal(await fromNode('/events', { Authorization: `Bearer ${token}` }), 401);
  assert.equal(await fromNode(`/events?ticket=${encodeURIComponent(ticket)}`), 401);
  assert.equal((await fetch(`${product.url}/events/ticket`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status, 401);
  assert.deepEqual(errors.filter((e) => !/401|Unauthorized/.test(e)), [], 'no errors in the page but the expected 401s');
});
