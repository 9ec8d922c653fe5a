// Runs the real product (soroban-bridge.jar --demo) for the tests in test/product/: one process per test
// file, on a free port, in a temp directory of its own (SQLite and the generated keys go to ./data).
// Every process and directory is removed when the test process ends, even after a failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './browser.mjs';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
export const BRIDGE_JAR = process.env.BRIDGE_JAR || join(REPO, 'app/target/soroban-bridge.jar');
export const JAVA = process.env.JAVA_BIN || (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java');
const SHOW_OUTPUT = process.env.PRODUCT_LOG === '1'; // stream the product's output to stderr while debugging
const KEPT_LINES = 200;

// What is still to clean up should the test process end without after() running (a crash, Ctrl-C).
const running = new Set();
const dirs = new Set();
function cleanUp() {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    cleanUp();
    // Nobody else handles it: end the process as the signal would have.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `java -jar soroban-bridge.jar --demo` and waits until `/health/ready` answers 200.
 *
 * `env` is the whole environment of the process besides SERVER_PORT (and SERVER_MANAGEMENT_PORT
 * with `management: true`): nothing leaks in from the environment the tests run in.
 * `management: true` moves /metrics, /health and an unauthenticated /events/stats to a port of their own.
 * `waitReady: false` returns as soon as the process is spawned (see `printed`); `readyTimeoutMs`
 * is how long it may take to be ready (a long simulated history takes a while to index).
 * `java` is the command that runs the jar (found on `env.PATH` when it is a bare name).
 */
export async function startProduct({ env = {}, management = false, waitReady = true, readyTimeoutMs = 60_000, java = JAVA } = {}) {
  if (!existsSync(BRIDGE_JAR)) {
    throw new Error(`No product jar at ${BRIDGE_JAR}: build it (mvn -q -pl clients/js,bridge -am package -DskipTests) or set BRIDGE_JAR.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'soroban-bridge-product-'));
  dirs.add(dir);
  const port = await freePort();
  const managementPort = management ? await freePort() : null;
  const lines = []; // the newest lines the process printed, for error messages
  const product = {
    dir,
    port,
    url: `http://127.0.0.1:${port}`,
    opsUrl: `http://127.0.0.1:${managementPort ?? port}`, // /metrics, /health, and /events/stats when management
    env: { SERVER_PORT: String(port), ...(managementPort ? { SERVER_MANAGEMENT_PORT: String(managementPort) } : {}), ...env },
    child: null,
    spawnedAt: 0,
    printed: null, // resolves with { url, at } when the product prints its "Demo running: open …" line
    output: () => lines.join('\n'),
    /** Starts (again) on the same port with the same data directory. */
    async start() {
      lines.length = 0;
      product.spawnedAt = Date.now();
      // Its own process group, so that signal() reaches the node's JVM too: `java -jar` without JVM
      // options re-runs itself once with the shipped ones (bridge/src/main/resources/jvm.options).
      const child = (product.child = spawn(java, ['-jar', BRIDGE_JAR, '--demo'], { cwd: dir, env: product.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
      running.add(child);
      const exited = (child.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
        running.delete(child);
        resolve({ code, signal });
      })));
      const died = () => new Error(`the product exited (code ${child.exitCode}, signal ${child.signalCode}):\n${product.output()}`);
      let announce;
      product.printed = Promise.race([new Promise((resolve) => (announce = resolve)), exited.then(() => Promise.reject(died()))]);
      product.printed.catch(() => {}); // a failure only for whoever waits for it
      for (const stream of [child.stdout, child.stderr]) {
        let partial = '';
        stream.setEncoding('utf8').on('data', (chunk) => {
          if (SHOW_OUTPUT) process.stderr.write(chunk);
          const parts = (partial + chunk).split('\n');
          partial = parts.pop();
          for (const line of parts) {
            lines.push(line);
            if (lines.length > KEPT_LINES) lines.shift();
            const demo = /^Demo running: open (\S+)/.exec(line);
            if (demo) announce({ url: demo[1], at: Date.now() });
          }
        });
      }
      if (!waitReady) return product;
      try {
        await waitFor('the product to be ready', () => {
          if (ended(child)) throw died();
          return isReady(product);
        }, readyTimeoutMs);
      } catch (e) {
        if (ended(child)) throw e; // died() carries the output
        throw new Error(`${e.message}; the product, still running, printed last:\n${product.output()}`, { cause: e });
      }
      return product;
    },
    /** Sends a signal to the product's process group (the command and the node's JVM), as a terminal's Ctrl-Z does. */
    signal(signal) {
      if (product.child && !ended(product.child)) process.kill(-product.child.pid, signal);
    },
    /** Ends the process: SIGTERM (SIGKILL if it has not exited after 10 s), or the signal given. */
    async stop(signal = 'SIGTERM') {
      const child = product.child;
      if (!child || ended(child)) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await child.exited;
      clearTimeout(timer);
    },
    /** Stops the process and removes its directory. */
    async close() {
      await product.stop();
      rmSync(dir, { recursive: true, force: true });
      dirs.delete(dir);
    },
  };
  try {
    return await product.start();
  } catch (e) {
    await product.close();
    throw e;
  }
}

/** Whether a spawned process has exited or been ended by a signal. */
function ended(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

async function isReady(product) {
  try {
    return (await fetch(`${product.opsUrl}/health/ready`)).status === 200;
  } catch {
    return false; // not listening yet
  }
}

/** The product's open SSE streams, from `GET /events/stats` on the management port. */
export async function streamStats(product) {
  const res = await fetch(`${product.opsUrl}/events/stats`);
  if (!res.ok) throw new Error(`GET /events/stats answered ${res.status}: ${await res.text()}`);
  return res.json();
}
