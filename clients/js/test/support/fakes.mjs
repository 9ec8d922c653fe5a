// In-process stand-ins for the browser's EventSource and for the bridge behind fetch, so the unit
// tests can drive the client step by step in Node.

/** An EventSource whose connection the test opens, feeds and breaks by hand. */
export class FakeEventSource {
  static instances = [];
  static get last() {
    return FakeEventSource.instances[FakeEventSource.instances.length - 1];
  }

  constructor(url) {
    this.url = new URL(url, 'http://bridge.test');
    this.readyState = 0;
    this.listeners = {};
    this.closed = false;
    FakeEventSource.instances.push(this);
  }

  addEventListener(type, listener) {
    (this.listeners[type] ||= []).push(listener);
  }

  close() {
    this.readyState = 2;
    this.closed = true;
  }

  // What the server and the network do:
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  message(event) {
    this.onmessage?.({ data: typeof event === 'string' ? event : JSON.stringify(event) });
  }
  emit(type, data = {}) {
    for (const l of this.listeners[type] || []) l({ data: JSON.stringify(data) });
  }
  /** A network error the browser retries by itself (`gaveUp` false) or a non-200 answer it gives up on. */
  fail(gaveUp) {
    this.readyState = gaveUp ? 2 : 0;
    this.onerror?.({});
  }
}

/**
 * A fetch that answers from `routes` ("METHOD /path" → handler(url, init, call#) returning
 * { status, body } or a promise of it) and records every call.
 */
export function fakeFetch(routes) {
  const calls = [];
  const fn = async (input, init = {}) => {
    const url = new URL(input, 'http://bridge.test');
    const key = `${init.method || 'GET'} ${url.pathname}`;
    const call = { key, url, auth: init.headers?.Authorization, body: init.body && JSON.parse(init.body) };
    calls.push(call);
    const handler = routes[key];
    if (!handler) return new Response(JSON.stringify({ error: 'not_found', message: key }), { status: 404 });
    const { status = 200, body = {} } = await handler(url, call, calls.filter((c) => c.key === key).length);
    return new Response(JSON.stringify(body), { status });
  };
  fn.calls = calls;
  fn.count = (key) => calls.filter((c) => c.key === key).length;
  return fn;
}

/** A JWT-shaped token for `sub` (the client only reads `sub`, to group tabs by account). */
export const jwt = (sub, n = 1) =>
  `e30.${Buffer.from(JSON.stringify({ sub, n })).toString('base64url')}.sig${n}`;

/** An activity event with the fixed-width id of number `n`. */
export const event = (n, extra = {}) => ({
  id: `${String(n).padStart(19, '0')}-0000000000`, type: 'invoice.funded', contract: 'invoice', contractId: 'CINV',
  ledger: n, ledgerClosedAt: '2026-11-22T10:00:05Z', txHash: 'ab', invoiceId: '42', wallets: ['GA'], data: {},
  invalidate: [['invoice', '42'], ['invoice-count']], ...extra,
});

/** Resolves once `check()` is truthy (polled on the event loop), or fails naming `what`. */
export async function until(what, check, timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
