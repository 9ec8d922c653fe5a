// The README's first command on a machine whose `java` on PATH is older than 21 while JAVA_HOME is a
// JDK 21+ (Debian with a default JDK 17, say): `java -jar bridge/target/bridge.jar --demo` still brings
// the demo up (the jar's entry point is built for old JVMs and re-runs with $JAVA_HOME/bin/java). With
// no JDK 21+ anywhere it prints one sentence and exits with 1, not a stack trace. And the demo is
// served on loopback only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { BRIDGE_JAR, JAVA, startProduct } from '../support/product.mjs';

/** The major version in a JDK's release file, or 0. */
function releaseVersion(home) {
  try {
    const m = /^JAVA_VERSION="(\d+)(?:\.(\d+))?/m.exec(readFileSync(join(home, 'release'), 'utf8'));
    return m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
  } catch {
    return 0;
  }
}

// A JDK older than 21 on this machine (OLD_JAVA_HOME, else the newest such under /usr/lib/jvm), and the 21+ the build used.
const OLD_HOME = process.env.OLD_JAVA_HOME || (existsSync('/usr/lib/jvm') ? readdirSync('/usr/lib/jvm')
  .map((d) => join('/usr/lib/jvm', d))
  .filter((d) => existsSync(join(d, 'bin/java')) && releaseVersion(d) >= 8 && releaseVersion(d) < 21)
  .sort((a, b) => releaseVersion(b) - releaseVersion(a))[0] : undefined);
const NEW_HOME = dirname(dirname(JAVA));
const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';
const noOldJava = OLD_HOME ? false : 'no JDK older than 21 on this machine (set OLD_JAVA_HOME to one)';

let product;
after(async () => {
  await product?.close();
});

test('with java 17 first on PATH and JAVA_HOME a JDK 21+, the README\'s first command brings the demo up', { skip: noOldJava, timeout: 120_000 }, async (t) => {
  assert.ok(releaseVersion(NEW_HOME) >= 21, `JAVA_HOME for the test (${NEW_HOME}) is a JDK 21+`);
  t.diagnostic(`java on PATH: ${OLD_HOME} (Java ${releaseVersion(OLD_HOME)}); JAVA_HOME: ${NEW_HOME} (Java ${releaseVersion(NEW_HOME)})`);
  product = await startProduct({ java: 'java', env: { PATH: `${OLD_HOME}/bin:${SYSTEM_PATH}`, JAVA_HOME: NEW_HOME }, waitReady: true });
  const { url } = await product.printed;
  assert.equal(url, `http://localhost:${product.port}/`);
  assert.doesNotMatch(product.output(), /UnsupportedClassVersionError|Exception in thread/);

  // SIGTERM to the command reaches the JVM it started, and the command waits for it: once it has
  // exited, nothing serves the port any more.
  await product.stop();
  assert.equal(product.child.exitCode, 143, `the command ends as a JVM does on SIGTERM:\n${product.output()}`);
  const answered = await fetch(`${product.url}/health/live`).then(() => true, () => false);
  assert.equal(answered, false, 'nothing is left serving the port');
});

test('with no JDK 21+ available it prints one sentence naming the version it needs and exits with 1', { skip: noOldJava, timeout: 60_000 }, () => {
  for (const env of [{ PATH: `${OLD_HOME}/bin:${SYSTEM_PATH}` }, { PATH: `${OLD_HOME}/bin:${SYSTEM_PATH}`, JAVA_HOME: OLD_HOME }]) {
    const run = spawnSync('java', ['-jar', BRIDGE_JAR, '--demo'], { env: { ...env, SERVER_PORT: '1' }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 1, `exit code 1 (${JSON.stringify(env)})`);
    assert.equal(run.stdout, '');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr}`);
    assert.match(lines[0], /^soroban-bridge needs Java 21 or later, but `java` is Java \d+ .*: set JAVA_HOME to a JDK 21\+/);
  }
});

test('--demo listens on loopback only: not reachable on this machine\'s other addresses', { timeout: 120_000 }, async (t) => {
  const others = Object.values(networkInterfaces()).flat().filter((a) => !a.internal && a.family === 'IPv4').map((a) => a.address);
  if (others.length === 0) return t.skip('this machine has no non-loopback IPv4 address');
  const demo = await startProduct({});
  try {
    assert.equal((await fetch(`${demo.url}/health/ready`)).status, 200, 'served on 127.0.0.1');
    for (const address of others) {
      const outcome = await new Promise((resolve) => {
        const socket = connect({ host: address, port: demo.port }, () => { socket.destroy(); resolve('connected'); });
        socket.once('error', (e) => resolve(e.code));
        socket.setTimeout(5000, () => { socket.destroy(); resolve('timeout'); });
      });
      assert.notEqual(outcome, 'connected', `the demo must not be served on ${address}:${demo.port}`);
      t.diagnostic(`${address}:${demo.port} → ${outcome}`);
    }
  } finally {
    await demo.close();
  }
});
