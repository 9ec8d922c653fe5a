// Through nginx, per-IP limits count the real clients, not nginx: with server.trusted-proxies
// [127.0.0.1] the bridge takes the client address from the X-Forwarded-For nginx sets
// (docs/design.md#hardening; deploy/nginx/README.md). Two clients on distinct source addresses (127.0.0.2,
// 127.0.0.3) connect to nginx; with limits.max-streams-per-ip 2 each gets two streams and a third is
// refused with 429, whatever the other holds, although all of them reach the bridge from 127.0.0.1.
// Run alone: node --test test/deploy/nginx-per-ip.test.mjs (after building soroban-bridge.jar).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '../support/browser.mjs';
import { httpsRequest, loginAndTickets, makeCertificate, startNginx } from '../support/nginx.mjs';
import { startProduct } from '../support/product.mjs';

const PER_IP = 2;
const CLIENTS = ['127.0.0.2', '127.0.0.3'];

let product;
let nginx;
const open = [];
before(async () => {
  product = await startProduct({ env: { SERVER_TRUSTED_PROXIES: '127.0.0.1', LIMITS_MAX_STREAMS_PER_IP: String(PER_IP) } });
  nginx = await startNginx({ upstreamPort: product.port, ...makeCertificate() });
});
after(async () => {
  for (const stream of open) stream.req.destroy();
  await nginx?.close();
  await product?.close();
});

/** Opens GET /events through nginx from `localAddress`; for a 200, waits for the connected event. */
async function openStream(ticket, localAddress) {
  const stream = await httpsRequest(`${nginx.url}/events?ticket=${encodeURIComponent(ticket)}`, {
    localAddress, headers: { Accept: 'text/event-stream' }, stream: true,
  });
  if (stream.status === 200) {
    open.push(stream);
    await waitFor('the connected event', () => stream.body().includes('event: connected'), 15_000);
  } else if (!stream.res.readableEnded) {
    // a short refusal can have ended before this line runs: wait only if it has not
    await new Promise((resolve) => stream.res.once('end', resolve));
  }
  return stream;
}

test(`through nginx, limits.max-streams-per-ip (${PER_IP}) applies to each real client address`, { timeout: 90_000 }, async (t) => {
  const sessions = [];
  for (const address of CLIENTS) sessions.push(await loginAndTickets(nginx.url, PER_IP + 1, { localAddress: address }));

  for (const [i, address] of CLIENTS.entries()) {
    for (let n = 0; n < PER_IP; n++) {
      const stream = await openStream(sessions[i].tickets[n], address);
      assert.equal(stream.status, 200, `stream ${n + 1} of ${address} is admitted (the other client holds ${i * PER_IP})`);
    }
  }
  t.diagnostic(`${CLIENTS.length * PER_IP} streams open through nginx, ${PER_IP} from each of ${CLIENTS.join(', ')}`);

  for (const [i, address] of CLIENTS.entries()) {
    const refused = await openStream(sessions[i].tickets[PER_IP], address);
    assert.equal(refused.status, 429, `stream ${PER_IP + 1} of ${address} is refused: ${refused.body()}`);
    assert.ok(Number(refused.headers['retry-after']) > 0, 'with Retry-After');
    assert.equal(JSON.parse(refused.body()).error.length > 0, true, 'a JSON error');
  }
});
