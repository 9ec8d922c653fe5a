// nginx from the machine (Debian nginx-light) running deploy/nginx/soroban-bridge.conf in front of the
// product, and the HTTPS pieces the deploy tests need: a throw-away certificate and a small HTTPS
// client that trusts it and can bind a chosen source address (127.0.0.x plays a distinct client).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as plainRequest } from 'node:http';
import { request as tlsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keypair, TransactionBuilder } from '@stellar/stellar-base';
import { waitFor } from './browser.mjs';
import { freePort } from './product.mjs';

export const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';
export const DEPLOY_CONF = fileURLToPath(new URL('../../../../deploy/nginx/soroban-bridge.conf', import.meta.url));

const cleanUps = new Set();
process.on('exit', () => cleanUps.forEach((f) => f()));

/** A self-signed EC certificate for localhost and 127.0.0.1 (openssl CLI), as PEM files in a temp dir. */
export function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'soroban-bridge-cert-'));
  cleanUps.add(() => rmSync(dir, { recursive: true, force: true }));
  const certificate = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', certificate, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'pipe' });
  return { certificate, key };
}

/**
 * The deploy file with only its addresses and paths replaced (each must occur exactly once, so the
 * test notices when the file changes shape): the listen port, the upstream's port, the certificate.
 */
export function templatedConf({ port, upstreamPort, certificate, key }) {
  let conf = readFileSync(DEPLOY_CONF, 'utf8');
  const replace = (pattern, value) => {
    const found = conf.match(new RegExp(pattern.source, 'gm')) ?? [];
    assert.equal(found.length, 1, `deploy/nginx/soroban-bridge.conf has exactly one ${pattern}`);
    conf = conf.replace(pattern, value);
  };
  replace(/^(\s*)listen 443 ssl http2;/m, `$1listen 127.0.0.1:${port} ssl http2;`);
  replace(/^(\s*)server 127\.0\.0\.1:8080;/m, `$1server 127.0.0.1:${upstreamPort};`);
  replace(/^(\s*)ssl_certificate\s+\S+;/m, `$1ssl_certificate ${certificate};`);
  replace(/^(\s*)ssl_certificate_key\s+\S+;/m, `$1ssl_certificate_key ${key};`);
  return conf;
}

/** Runs nginx in the foreground with the templated deploy file; resolves once it accepts connections. */
export async function startNginx({ upstreamPort, certificate, key }) {
  if (!existsSync(NGINX)) throw new Error(`The deploy tests need nginx at ${NGINX}: apt-get install nginx-light, or set NGINX_PATH.`);
  const dir = mkdtempSync(join(tmpdir(), 'soroban-bridge-nginx-'));
  const port = await freePort();
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'soroban-bridge.conf'), templatedConf({ port, upstreamPort, certificate, key }));
  // The wrapper a distribution's nginx.conf would be; everything of ours is in the included file.
  writeFileSync(join(dir, 'nginx.conf'), `daemon off;
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/soroban-bridge.conf;
}
`);
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const kill = () => child.exitCode === null && child.signalCode === null && child.kill('SIGTERM');
  cleanUps.add(kill);
  const log = () => output + (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '');
  await waitFor('nginx to listen', () => {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${log()}`);
    return new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
  }, 15_000);
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    log,
    async close() {
      kill();
      await exited;
      cleanUps.delete(kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One HTTP(S) request that accepts the test certificate, from `localAddress` when given (one agent-less
 * connection per request). Resolves with { status, headers, body } once the body is complete, or, with
 * `stream: true`, as soon as the head has arrived: then `res` is the open response and `body()` what
 * has been read so far.
 */
export function httpsRequest(url, { method = 'GET', headers = {}, body, localAddress, stream = false } = {}) {
  return new Promise((resolve, reject) => {
    const request = url.startsWith('https:') ? tlsRequest : plainRequest;
    const req = request(url, { method, headers, localAddress, rejectUnauthorized: false, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      if (stream) return resolve({ status: res.statusCode, headers: res.headers, res, req, body: () => text });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}

async function json(url, options) {
  const res = await httpsRequest(url, options);
  if (res.status !== 200) throw new Error(`${options?.method ?? 'GET'} ${url} answered ${res.status}: ${res.body}`);
  return JSON.parse(res.body);
}

/** SEP-10 login and `count` stream tickets over HTTPS, from `localAddress` when given. */
export async function loginAndTickets(baseUrl, count, { localAddress, keypair = Keypair.random() } = {}) {
  const challenge = await json(`${baseUrl}/auth?account=${keypair.publicKey()}`, { localAddress });
  const tx = TransactionBuilder.fromXDR(challenge.transaction, challenge.network_passphrase);
  tx.sign(keypair);
  const { token } = await json(`${baseUrl}/auth`, {
    method: 'POST', localAddress, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ transaction: tx.toXDR() }),
  });
  const tickets = [];
  for (let i = 0; i < count; i++) {
    tickets.push((await json(`${baseUrl}/events/ticket`, { method: 'POST', localAddress, headers: { Authorization: `Bearer ${token}` } })).ticket);
  }
  return { account: keypair.publicKey(), token, tickets };
}
