// Builds one binding package's dist/ (ESM index.js with its source map, index.d.ts) from its own folder and
// checks its size budget: the binding alone, minified and gzipped, with its framework and the client library
// left to the app's bundle. `node build.mjs --size` only prints the size. esbuild is passed in by the package,
// whose node_modules hold it.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 1536; // bytes, minified + gzipped

/** @param framework the package the binding is for, e.g. 'react' (external, like the client library) */
export async function buildBinding(esbuild, { name, framework }) {
  const common = { entryPoints: ['src/index.ts'], bundle: true, format: 'esm', target: 'es2020', external: [framework, '@soroban-bridge/client'] };
  if (!process.argv.includes('--size')) {
    rmSync('dist', { recursive: true, force: true });
    execFileSync('node_modules/.bin/tsc', ['-p', 'tsconfig.json'], { stdio: 'inherit' });
    await esbuild.build({ ...common, outfile: 'dist/index.js', sourcemap: true }); // the app's bundler minifies
  }
  const out = await esbuild.build({ ...common, minify: true, write: false });
  const min = out.outputFiles[0].contents;
  const gzip = gzipSync(min, { level: 9 }).length;
  console.log(`${name}: ${min.length} B minified, ${gzip} B minified+gzip (budget ${BUDGET} B)`);
  if (gzip > BUDGET) {
    console.error(`${name} grew past its budget of ${BUDGET} B minified+gzip: ${gzip} B.`);
    process.exit(1);
  }
}
