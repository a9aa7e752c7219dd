/**
 * The workspace build: React + antd + react-jsonschema-form, the app in src/ on the shared web
 * kit in kit/ (which brings the engine, ../../engine — the same code the server runs — through
 * kit/engine.ts, so no alias is needed here or in any other app on the kit).
 * `npm run build:web` writes runtime/web/dist, which the fastify server serves at /.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, 'dist'),
    emptyOutDir: true,
    // Pages are chunks loaded by route (src/App.tsx); the entry is the shell, well under 500 KB.
    // Only chunks loaded on demand are larger (echarts, ~1.1 MB): warn above that.
    chunkSizeWarningLimit: 1_200,
    sourcemap: false,
    minify: process.env.FORMWORK_WEB_DEBUG !== '1',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
