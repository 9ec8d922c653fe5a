// Builds dist/lib (the library: ESM .js + .d.ts) and dist/web (the demo page the bridge serves at /),
// and checks the library's size budget. `node build.mjs --size` only prints the size.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const BUDGET = 5 * 1024; // bytes, minified + gzipped
const lib = 'src/lib';

async function librarySize() {
  const out = await esbuild.build({
    entryPoints: [`${lib}/index.ts`], bundle: true, minify: true, format: 'esm', target: 'es2020', write: false,
  });
  const min = out.outputFiles[0].contents;
  return { min: min.length, gzip: gzipSync(min, { level: 9 }).length };
}

if (process.argv.includes('--size')) {
  const { min, gzip } = await librarySize();
  console.log(`library: ${min} B minified, ${gzip} B minified+gzip (budget ${BUDGET} B)`);
  process.exit(0);
}

rmSync('dist', { recursive: true, force: true });
const tsc = (project) => execFileSync('node_modules/.bin/tsc', ['-p', project], { stdio: 'inherit' });
tsc('tsconfig.json'); // .d.ts into dist/lib
tsc('tsconfig.demo.json'); // type-checks the demo against the library

// One .js per source file (with its source map), next to its .d.ts (types.ts has no code); the app's bundler minifies.
await esbuild.build({
  entryPoints: readdirSync(lib).filter((f) => f !== 'types.ts').map((f) => `${lib}/${f}`), outdir: 'dist/lib', format: 'esm', target: 'es2020', sourcemap: true,
});

// The demo page: everything bundled (no CDN), @stellar/stellar-base included.
mkdirSync('dist/web', { recursive: true });
await esbuild.build({
  entryPoints: ['src/demo/main.ts'], outfile: 'dist/web/demo.js', bundle: true, minify: true, format: 'esm',
  platform: 'browser', target: 'es2020', legalComments: 'none', logLevel: 'warning',
});
for (const f of ['index.html', 'style.css']) copyFileSync(`src/demo/${f}`, `dist/web/${f}`);
copyFileSync('node_modules/@stellar/stellar-base/LICENSE', 'dist/web/stellar-base.LICENSE.txt'); // bundled into demo.js

const { min, gzip } = await librarySize();
console.log(`library: ${min} B minified, ${gzip} B minified+gzip (budget ${BUDGET} B); demo page in dist/web`);
if (gzip > BUDGET) {
  console.error(`The library grew past its budget of ${BUDGET} B minified+gzip: ${gzip} B.`);
  process.exit(1);
}
