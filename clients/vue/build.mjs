// Builds dist/ and checks the size budget (../build-binding.mjs); `node build.mjs --size` only prints the size.
import * as esbuild from 'esbuild';
import { buildBinding } from '../build-binding.mjs';

await buildBinding(esbuild, { name: '@soroban-bridge/vue', framework: 'vue' });
