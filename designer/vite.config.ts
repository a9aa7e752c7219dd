/**
 * The designer build: the HQ-facing app on the shared web kit (runtime/web/kit, which brings
 * the engine through kit/engine.ts), served by the fastify server at /designer/.
 * `npm run build:web` writes designer/dist (with the workspace's own build).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/designer/',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, 'dist'),
    emptyOutDir: true,
    // Pages are chunks loaded by route (src/App.tsx); the entry is the shell, well under 500 KB.
    // Only chunks loaded on demand are larger (what the pages share — the engine, the model,
    // pinyin — and CodeMirror, about 1 MB each): warn above that.
    chunkSizeWarningLimit: 1_100,
    sourcemap: false,
    minify: process.env.FORMWORK_WEB_DEBUG !== '1',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
