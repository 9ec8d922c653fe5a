import { defineConfig } from 'vite';

// JSX through Vite's own esbuild (React's automatic runtime), no plugin; `base` lets the page be served from any folder.
export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic' },
  build: { sourcemap: true },
});
