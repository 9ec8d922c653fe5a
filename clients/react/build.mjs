// Builds dist/ (ESM index.js with its source map, index.d.ts) and checks the size budget: the
// binding alone, minified and gzipped, with react and the client library left to the app's bundle.
// `node build.mjs --size` only prints the size.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const BUDGET = 1536; // bytes, minified + gzipped
const common = { entryPoints: ['src/index.ts'], bundle: true, format: 'esm', target: 'es2020', external: ['react', '@soroban-bridge/client'] };

async function size() {
  const out = await esbuild.build({ ...common, minify: true, write: false });
  const min = out.outputFiles[0].contents;
  return { min: min.length, gzip: gzipSync(min, { level: 9 }).length };
}

if (!process.argv.includes('--size')) {
  rmSync('dist', { recursive: true, force: true });
  execFileSync('node_modules/.bin/tsc', ['-p', 'tsconfig.json'], { stdio: 'inherit' });
  await esbuild.build({ ...common, outfile: 'dist/index.js', sourcemap: true }); // the app's bundler minifies
}
const { min, gzip } = await size();
console.log(`@soroban-bridge/react: ${min} B minified, ${gzip} B minified+gzip (budget ${BUDGET} B)`);
if (gzip > BUDGET) {
  console.error(`@soroban-bridge/react grew past its budget of ${BUDGET} B minified+gzip: ${gzip} B.`);
  process.exit(1);
}
