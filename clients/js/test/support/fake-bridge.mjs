// A small stand-in for the bridge's HTTP API (docs/design.md#http-api), enough to drive the browser
// client through its paths: real SEP-10 challenges (stellar-base), JWT-shaped tokens, tickets with
// a first-use TTL and JWT-bound lifetime, paged history (forward, or newest first with `before`, each
// answer with the log's `head`), and an SSE stream that resumes from Last-Event-ID (header wins over
// the lastEventId parameter), with `connected` (id line, heartbeatMs, head), named `heartbeat` events
// and `session-revoked` when the session is ended (DELETE /auth, or `revokeSessions`). It also serves dist/lib at /lib/,
// dist/web at / and a test page at /test.html. Tests steer it (publish, restart, drop streams)
// and read its counters.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Account, Keypair, Networks, Operation, TransactionBuilder } from '@stellar/stellar-base';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.txt': 'text/plain' };

/** The page the browser tests drive: loads the built library and records what the client reports. */
const TEST_PAGE = `<!doctype html><meta charset="utf-8"><title>client test</title>
<script type="module">
import * as lib from '/lib/index.js';
window.lib = lib;
window.harness = {
  start({ account = 'GTESTACCOUNT', filters = {}, shareTabs = true, history } = {}) {
    const h = (window.h = { tokenCalls: 0, seen: [], statuses: [], resyncs: [], states: [] });
    h.bridge = lib.createBridge({
      shareTabs,
      getToken: async () => {
        h.tokenCalls++;
        return (await (await fetch('/test/token?account=' + account)).json()).token;
      },
    });
    h.sub = h.bridge.subscribe(filters, {
      history,
      onEvent: (e, live) => h.seen.push({ id: e.id, live }),
      onResync: (r) => h.resyncs.push(r),
      onState: (s) => {
        h.states.push({ ...s, error: s.error && { message: s.error.message, code: s.error.code } });
        if (h.statuses[h.statuses.length - 1] !== s.status) h.statuses.push(s.status);
      },
    });
  },
  /** logout(), resolved with 'ok' or with the BridgeError's code and message. */
  logout: () => window.h.bridge.logout().then(() => 'ok', (e) => e.name + ' ' + e.code + ': ' + e.message),
};
window.ready = true;
</script>`;

const eventId = (n) => `${String(n * 4096).padStart(19, '0')}-0000000000`;

export async function startFakeBridge({ jwtTtlMs = 60_000, ticketTtlMs = 30_000, retryMs = 300, heartbeatMs = 15_000 } = {}) {
  const serverKey = Keypair.random();
  const passphrase = Networks.TESTNET;
  const log = [];
  const tokens = new Map(); // token → { sub, exp }; deleted when its session is revoked
  const tickets = new Map(); // ticket → { token, firstUse, stream }
  const streams = new Set();
  const sockets = new Set();
  const stats = { streamRequests: 0, streamsOpened: 0, ticketRequests: 0, ticketsAnswered: 0, ticketsIssued: 0, tokensIssued: 0, historyRequests: 0, historyQueries: [], deletes: 0, heartbeats: 0, revokedStreams: 0, resumedFrom: [] };
  let holdTickets = null; // while set, /events/ticket waits for it
  let paused = null; // while set, nothing is answered or written: a stopped process
  let seq = 0;

  const issueToken = (sub) => {
    const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const exp = Date.now() + jwtTtlMs;
    const token = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, exp: Math.floor(exp / 1000), jti: randomBytes(6).toString('hex') })}.${randomBytes(16).toString('base64url')}`;
    tokens.set(token, { sub, exp });
    stats.tokensIssued++;
    return token;
  };
  const valid = (token) => {
    const t = tokens.get(token);
    return t && t.exp > Date.now() ? t : null;
  };
  const bearer = (req) => valid((req.headers.authorization || '').replace(/^Bearer /, ''));

  const matches = (e, q, sub) => {
    const list = (name) => (q.get(name) ? q.get(name).split(',') : null);
    const ids = list('invoiceId');
    const wallets = list('wallet')?.map((w) => (w === 'me' ? sub : w));
    return (!ids || ids.includes(e.invoiceId)) && (!wallets || e.wallets.some((w) => wallets.includes(w)));
  };

  const sse = (res, lines) => paused || res.write(lines + '\n\n');
  const head = () => {
    const newest = log[log.length - 1];
    return { ledger: newest ? newest.ledger : 1000, ledgerClosedAt: newest ? newest.ledgerClosedAt : new Date(0).toISOString(), lagLedgers: api.lagLedgers };
  };
  const send = (stream, e) => sse(stream.res, `id: ${e.id}\ndata: ${JSON.stringify(e)}`);

  function openStream(req, res, url) {
    stats.streamRequests++;
    const ticket = tickets.get(url.searchParams.get('ticket'));
    const owner = ticket && valid(ticket.token);
    const stale = ticket && !ticket.firstUse && Date.now() - ticket.issued > ticketTtlMs;
    if (!owner || stale || ticket.revoked) return json(res, 401, { error: 'invalid_ticket', message: 'ticket unknown, expired or revoked' });
    ticket.firstUse = true;
    ticket.stream?.end(); // a ticket never holds two streams: the reconnect replaces the old one
    const from = req.headers['last-event-id'] || url.searchParams.get('lastEventId') || null;
    stats.resumedFrom.push(from);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    const stream = { res, q: url.searchParams, sub: owner.sub, token: ticket.token };
    stream.end = () => {
      streams.delete(stream);
      res.end();
    };
    ticket.stream = stream;
    streams.add(stream);
    stats.streamsOpened++;
    sse(res, `retry: ${retryMs}`);
    const start = from ? log.findIndex((e) => e.id > from) : log.length;
    const continuesAfter = from || log[log.length - 1]?.id || '';
    sse(res, `id: ${continuesAfter}\nevent: connected\ndata: ${JSON.stringify({ clientId: randomBytes(4).toString('hex'), serverTime: new Date().toISOString(), lastEventId: continuesAfter || null, heartbeatMs, head: head() })}`);
    if (api.overlap && from) { // resend the event at the seam: the client must drop it
      const seam = log.find((e) => e.id === from);
      if (seam) send(stream, seam);
    }
    for (const e of log.slice(start < 0 ? log.length : start)) if (matches(e, stream.q, stream.sub)) send(stream, e);
    const expiry = setTimeout(() => {
      sse(res, 'event: token-expired\ndata: {}');
      stream.end();
    }, owner.exp - Date.now());
    const heartbeat = setInterval(() => {
      stats.heartbeats++;
      sse(res, `event: heartbeat\ndata: ${JSON.stringify(head())}`);
    }, heartbeatMs);
    res.on('close', () => {
      clearTimeout(expiry);
      clearInterval(heartbeat);
      streams.delete(stream);
      if (ticket.stream === stream) ticket.stream = null;
    });
  }

  const json = (res, status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const body = async (req) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : {};
  };

  /** Ends the sessions of `token`s: their tickets stop working and their streams get `session-revoked`. */
  function revoke(revokedTokens) {
    for (const token of revokedTokens) tokens.delete(token);
    for (const t of tickets.values()) if (revokedTokens.includes(t.token)) t.revoked = true;
    for (const s of [...streams]) {
      if (!revokedTokens.includes(s.token)) continue;
      stats.revokedStreams++;
      sse(s.res, 'event: session-revoked\ndata: {}');
      s.end();
    }
  }

  async function route(req, res) {
    if (paused) await paused;
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    const key = `${req.method} ${path}`;
    if (key === 'GET /auth') {
      const account = url.searchParams.get('account');
      const now = Math.floor(Date.now() / 1000);
      const tx = new TransactionBuilder(new Account(serverKey.publicKey(), '-1'), { fee: '100', networkPassphrase: passphrase, timebounds: { minTime: now, maxTime: now + 300 } })
        .addOperation(Operation.manageData({ name: 'localhost auth', value: randomBytes(48).toString('base64'), source: account }))
        .build();
      tx.sign(serverKey);
      return json(res, 200, { transaction: tx.toXDR(), network_passphrase: passphrase });
    }
    if (key === 'POST /auth') {
      const tx = TransactionBuilder.fromXDR((await body(req)).transaction, passphrase);
      const account = tx.operations[0].source;
      const client = Keypair.fromPublicKey(account);
      const signed = tx.signatures.some((s) => client.verify(tx.hash(), s.signature()));
      const byServer = tx.signatures.some((s) => serverKey.verify(tx.hash(), s.signature()));
      if (!signed || !byServer) return json(res, 401, { error: 'bad_signature', message: 'challenge not signed by ' + account });
      return json(res, 200, { token: issueToken(account) });
    }
    if (key === 'DELETE /auth') {
      stats.deletes++;
      if (api.logoutStatus !== 200) return json(res, api.logoutStatus, { error: 'unavailable', message: 'logout failed' });
      revoke([(req.headers.authorization || '').replace(/^Bearer /, '')]);
      return json(res, 200, {});
    }
    if (key === 'GET /test/token') return json(res, 200, { token: issueToken(url.searchParams.get('account')) });
    if (key === 'POST /events/ticket') {
      stats.ticketRequests++;
      const owner = bearer(req);
      if (holdTickets) await holdTickets; // checked, then held: the ticket comes back even if the session ends meanwhile
      stats.ticketsAnswered++;
      if (!owner) return json(res, 401, { error: 'invalid_token', message: 'token missing or expired' });
      const ticket = randomBytes(16).toString('hex');
      tickets.set(ticket, { token: req.headers.authorization.slice(7), issued: Date.now(), firstUse: false, stream: null });
      stats.ticketsIssued++;
      return json(res, 200, { ticket, expires_in: 30 });
    }
    if (key === 'GET /events/history') {
      const owner = bearer(req);
      if (!owner) return json(res, 401, { error: 'invalid_token', message: 'token missing or expired' });
      stats.historyRequests++;
      const q = url.searchParams;
      stats.historyQueries.push(Object.fromEntries(q));
      const limit = Math.min(Number(q.get('limit') || 100), api.historyLimit);
      const newest = log.length ? log[log.length - 1].id : null;
      const matching = log.filter((e) => matches(e, q, owner.sub));
      if (q.get('order') === 'desc') {
        const before = q.get('before');
        const older = matching.filter((e) => !before || e.id < before).reverse();
        const events = older.slice(0, limit);
        return json(res, 200, { events, next: older.length > limit ? events[events.length - 1].id : null, head: newest });
      }
      const after = q.get('after');
      const events = matching.filter((e) => !after || e.id > after).slice(0, limit);
      return json(res, 200, { events, next: events.length === limit ? events[events.length - 1].id : newest ?? after, head: newest });
    }
    if (key === 'GET /events') return openStream(req, res, url);
    if (req.method === 'GET') return serveFile(res, path);
    json(res, 404, { error: 'not_found', message: key });
  }

  async function serveFile(res, path) {
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (path === '/test.html') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(TEST_PAGE);
    const file = path.startsWith('/lib/') ? normalize(join(DIST, path)) : normalize(join(DIST, 'web', path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST)) return json(res, 404, { error: 'not_found' });
    try {
      const content = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' }).end(content);
    } catch {
      json(res, 404, { error: 'not_found', message: path });
    }
  }

  const http = createServer((req, res) => route(req, res).catch((e) => json(res, 500, { error: 'internal', message: String(e) })));
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port) => new Promise((resolve) => http.listen(port, '127.0.0.1', () => resolve(http.address().port)));
  const shut = () => new Promise((resolve) => {
    http.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
  const port = await listen(0);

  const api = {
    url: `http://127.0.0.1:${port}`,
    stats,
    log,
    /** Resend the event at Last-Event-ID at the start of each stream (a seam the client must dedupe). */
    overlap: false,
    /** The server's own cap on history `limit`. */
    historyLimit: 1000,
    /** `lagLedgers` in heartbeats. */
    lagLedgers: 0,
    /** What DELETE /auth answers (200 revokes the session). */
    logoutStatus: 200,
    get openStreams() {
      return streams.size;
    },
    /** Appends `n` events (invoice ids cycle 1..3) and pushes them to the open streams that match. */
    publish(n = 1, { wallets = ['GWALLETONE'] } = {}) {
      const added = [];
      for (let i = 0; i < n; i++) {
        seq++;
        const invoiceId = String((seq % 3) + 1);
        const e = {
          id: eventId(seq), type: 'invoice.funded', contract: 'invoice', contractId: 'CINVOICE', ledger: 1000 + seq,
          ledgerClosedAt: new Date().toISOString(), txHash: randomBytes(32).toString('hex'), invoiceId, wallets,
          data: { id: invoiceId, amount: String(seq * 10_000_000) }, invalidate: [['invoice', invoiceId], ['invoice-count']],
        };
        log.push(e);
        added.push(e);
        for (const s of streams) if (matches(e, s.q, s.sub)) send(s, e);
      }
      return added;
    },
    /** Ends every stream; with `revokeTickets` their tickets answer 401, so browsers give up and need a new one. */
    dropStreams({ revokeTickets = false } = {}) {
      for (const t of tickets.values()) if (revokeTickets) t.revoked = true;
      for (const s of [...streams]) s.end();
    },
    /** /events/ticket answers nothing until the returned function is called (to catch a client mid-reconnect). */
    holdTickets() {
      let release;
      holdTickets = new Promise((r) => (release = r));
      return () => {
        holdTickets = null;
        release();
      };
    },
    /** Ends every session of `account` (an administrator's revocation). */
    revokeSessions(account) {
      revoke([...tokens].filter(([, t]) => t.sub === account).map(([token]) => token));
    },
    /** Like SIGSTOP: connections stay open but nothing is written or answered until the returned function is called. */
    pause() {
      let resume;
      paused = new Promise((r) => (resume = r));
      return () => {
        paused = null;
        resume();
      };
    },
    /** Stops listening, drops every connection, and comes back on the same port after `downMs` (tickets survive, as in the product). */
    async restart(downMs, whileDown = () => {}) {
      await shut();
      whileDown();
      await new Promise((r) => setTimeout(r, downMs));
      await listen(port);
    },
    close: shut,
  };
  return api;
}
