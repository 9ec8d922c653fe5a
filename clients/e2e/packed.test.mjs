// The packages as a dApp gets them: `npm pack` of clients/js, clients/react and clients/vue, each
// checked for what a bundler needs (exports map, types, ESM, source maps, README); then the apps
// in vite-react/ and vite-vue/ are installed from those tarballs with their committed lock files
// (`npm ci`: no version is resolved anew), built with `vite build`, and run in headless Chromium
// against the product: the feed and its status render, on one server stream.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launchBrowser, openApp, serveDir, startProduct, waitFor, waitForStreams } from './support/app-page.mjs';

const CLIENTS = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'soroban-bridge-packed-'));
const packs = join(work, 'packs');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let product;
let browser;
const packed = {};
before(async () => {
  for (const [dir, name] of [['js', 'soroban-bridge-client'], ['react', 'soroban-bridge-react'], ['vue', 'soroban-bridge-vue']]) packed[dir] = pack(dir, name);
  await Promise.all([
    startProduct({ env: { DEMO_LEDGER_INTERVAL: '1s' }, management: true }).then((p) => (product = p)),
    launchBrowser().then((b) => (browser = b)),
  ]);
});
after(async () => {
  await browser?.close();
  await product?.close();
  rmSync(work, { recursive: true, force: true });
});

/** `npm pack` of clients/<dir> (built beforehand) into packs/<name>.tgz; returns the files it holds. */
function pack(dir, name) {
  mkdirSync(packs, { recursive: true });
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packs], join(CLIENTS, dir)));
  renameSync(join(packs, info.filename), join(packs, `${name}.tgz`));
  return info.files.map((f) => f.path);
}

test('npm pack: each package has an exports map, ESM with source maps, types and a README', () => {
  for (const [dir, files] of Object.entries(packed)) {
    const manifest = JSON.parse(readFileSync(join(CLIENTS, dir, 'package.json'), 'utf8'));
    assert.equal(manifest.type, 'module', `${dir}: ESM`);
    const entry = manifest.exports['.'];
    for (const target of [entry.import, entry.types]) assert.ok(files.includes(target.replace('./', '')), `${dir}: the tarball holds ${target}`);
    assert.ok(files.includes(entry.import.replace('./', '') + '.map'), `${dir}: the entry has its source map`);
    assert.ok(files.includes('README.md'), `${dir}: README`);
    assert.ok(files.every((f) => !f.startsWith('src/') && !f.startsWith('test/') && !f.includes('node_modules')), `${dir}: only what an app needs: ${files}`);
  }
});

/** Copies the app to the work folder (next to packs/), installs it from its lock file and builds it; returns the dist folder. */
function build(app) {
  const dir = join(work, app);
  cpSync(join(CLIENTS, 'e2e', app), dir, { recursive: true, filter: (src) => !/node_modules|dist$/.test(src) });
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], dir);
  const out = run(join(dir, 'node_modules/.bin/vite'), ['build'], dir);
  console.log(`${app}: vite build\n${out.split('\n').filter((l) => /dist\//.test(l)).join('\n')}`);
  return join(dir, 'dist');
}

for (const app of ['vite-react', 'vite-vue']) {
  test(`${app}: built from the tarballs, runs against the product`, { timeout: 180_000 }, async () => {
    const dist = build(app);
    const context = await browser.newContext();
    await serveDir(context, product, dist);
    const { page, errors } = await openApp(context, product, { query: '?contract=pool' });
    await page.waitForSelector('#feed-status[data-status="connected"]', { timeout: 30_000 });
    await waitFor('events in the feed', async () => (await page.$$('#events li')).length > 0);
    await waitForStreams(product, { 'contract=pool': 1 }, 'one stream for the page\'s filter');
    const contracts = await page.$$eval('#events li', (lis) => lis.map((li) => li.dataset.contract));
    assert.deepEqual([...new Set(contracts)], ['pool'], 'the feed shows the filter\'s events');
    assert.equal(await page.getAttribute('#badge', 'data-status'), 'connected');
    // The newest event first, ids strictly decreasing.
    const ids = await page.$$eval('#events li', (lis) => lis.map((li) => li.dataset.id));
    assert.deepEqual(ids, [...ids].sort().reverse());
    assert.equal(new Set(ids).size, ids.length, 'each event once');
    // The status fields the library reports appear in the page.
    const state = await page.evaluate(() => document.getElementById('feed-status').textContent);
    assert.match(state, /^\s*connected/);
    if (await page.$('#feed-status .head')) assert.match(state, /ledger \d+, \d+ behind/);
    await context.close();
    await waitForStreams(product, {}, 'no stream once the page is gone');
    assert.deepEqual(errors, [], 'no errors in the page');
  });
}
