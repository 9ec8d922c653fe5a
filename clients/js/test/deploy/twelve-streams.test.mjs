// Why the bridge speaks TLS and HTTP/2: a browser opens at most six HTTP/1.1 connections per origin
// and every EventSource holds one for good, so a dApp's seventh stream (and every fetch after it)
// waits. Over HTTP/2 all streams share one connection. Headless Chromium opens 12 EventSources to one
// origin: over plain HTTP/1.1 only 6 connect; over the bridge's own TLS (HTTP/2) and through nginx
// with deploy/nginx/soroban-bridge.conf (HTTP/2) all 12 receive live events.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, waitFor } from '../support/browser.mjs';
import { loginAndTickets, makeCertificate, startNginx } from '../support/nginx.mjs';
import { startProduct } from '../support/product.mjs';

const STREAMS = 12;
const HTTP1_WAIT_MS = 10_000; // how long the HTTP/1.1 page is given to connect its streams
const ENV = { DEMO_LEDGER_INTERVAL: '1s', LIMITS_MAX_STREAMS_PER_WALLET: '20', SERVER_TRUSTED_PROXIES: '127.0.0.1' };

let browser;
let plain; // the product on plain HTTP/1.1, also nginx's upstream
let tls; // the product with server.tls
let nginx;
before(async () => {
  const cert = makeCertificate();
  await Promise.all([
    launchBrowser().then((b) => (browser = b)),
    startProduct({ env: ENV }).then((p) => (plain = p)),
    startProduct({ env: { ...ENV, SERVER_TLS_CERTIFICATE: cert.certificate, SERVER_TLS_PRIVATE_KEY: cert.key }, management: true })
      .then((p) => (tls = p)),
  ]);
  nginx = await startNginx({ upstreamPort: plain.port, ...cert });
});
after(async () => {
  await browser?.close();
  await Promise.all([plain?.close(), tls?.close(), nginx?.close()]);
});

/**
 * A page on `origin` (answered by Playwright, so it costs no connection) that reports the protocol of
 * one request, then opens one EventSource per ticket and records when each connects and gets events.
 */
async function openStreams(origin, tickets) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  await context.route(`${origin}/__blank`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>streams</title>' }));
  const page = await context.newPage();
  await page.goto(`${origin}/__blank`);
  const protocol = await page.evaluate(async () => {
    const url = new URL('/health/ready', location.href).href;
    await (await fetch(url)).text();
    return performance.getEntriesByName(url)[0].nextHopProtocol;
  });
  await page.evaluate((list) => {
    const started = performance.now();
    window.streams = list.map((ticket) => {
      const s = { connectedMs: null, messages: 0, firstMessageMs: null };
      const es = (s.es = new EventSource(`/events?ticket=${encodeURIComponent(ticket)}`));
      es.addEventListener('connected', () => (s.connectedMs ??= Math.round(performance.now() - started)));
      es.onmessage = () => {
        s.messages++;
        s.firstMessageMs ??= Math.round(performance.now() - started);
      };
      return s;
    });
  }, tickets);
  const read = () => page.evaluate(() => window.streams.map(({ connectedMs, messages, firstMessageMs, es }) =>
    ({ connectedMs, messages, firstMessageMs, readyState: es.readyState })));
  return { context, page, protocol, read };
}

async function allLive(origin, ticketsFrom, t, label) {
  const { tickets } = await loginAndTickets(ticketsFrom, STREAMS);
  const { context, protocol, read } = await openStreams(origin, tickets);
  try {
    assert.equal(protocol, 'h2', `${label} speaks HTTP/2 to the browser`);
    const streams = await waitFor(`all ${STREAMS} streams to receive live events (${label})`, async () => {
      const s = await read();
      return s.every((x) => x.messages > 0) && s;
    }, 30_000);
    const connected = Math.max(...streams.map((s) => s.connectedMs));
    t.diagnostic(`${label}: ${streams.filter((s) => s.connectedMs !== null).length}/${STREAMS} connected, the last after ${connected} ms; all ${STREAMS} received live events, the last its first after ${Math.max(...streams.map((s) => s.firstMessageMs))} ms`);
  } finally {
    await context.close();
  }
}

test(`plain HTTP/1.1: of ${STREAMS} EventSources to one origin only 6 connect, and a fetch waits behind them`, { timeout: 90_000 }, async (t) => {
  const { tickets } = await loginAndTickets(plain.url, STREAMS);
  const { context, page, protocol, read } = await openStreams(plain.url, tickets);
  try {
    assert.equal(protocol, 'http/1.1');
    await waitFor('six streams to receive events', async () => (await read()).filter((s) => s.messages > 0).length >= 6, 30_000);
    await new Promise((r) => setTimeout(r, HTTP1_WAIT_MS));
    const streams = await read();
    const connected = streams.filter((s) => s.connectedMs !== null);
    t.diagnostic(`HTTP/1.1: ${connected.length}/${STREAMS} connected within ${HTTP1_WAIT_MS / 1000} s after the sixth got events; the others stay CONNECTING`);
    assert.equal(connected.length, 6, 'six connections per origin, one held by each open stream');
    assert.equal(streams.filter((s) => s.readyState === 0 && s.messages === 0).length, STREAMS - 6, 'the rest wait, without an event');
    const fetched = await page.evaluate(() => Promise.race([
      fetch('/health/ready').then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000)),
    ]));
    assert.equal(fetched, 'still waiting', 'a fetch to the same origin queues behind the streams');
  } finally {
    await context.close();
  }
});

test(`the bridge's own TLS (HTTP/2 by ALPN): all ${STREAMS} EventSources receive live events`, { timeout: 90_000 }, async (t) => {
  const origin = `https://127.0.0.1:${tls.port}`;
  await allLive(origin, origin, t, 'bridge TLS');
});

test(`through nginx with deploy/nginx (HTTP/2 at nginx): all ${STREAMS} EventSources receive live events`, { timeout: 90_000 }, async (t) => {
  await allLive(nginx.url, nginx.url, t, 'nginx');
});
