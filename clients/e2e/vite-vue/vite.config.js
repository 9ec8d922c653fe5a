import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// `base` lets the page be served from any folder.
export default defineConfig({
  base: './',
  plugins: [vue()],
  build: { sourcemap: true },
});
