/**
 * The workspace build: React + antd + react-jsonschema-form, with the engine compiled in from
 * ../../engine (the same code the server runs). `npm run build:web` writes runtime/web/dist,
 * which the fastify server serves at /.
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
  resolve: { alias: { '@engine': path.resolve(here, '../../engine/src/index.ts') } },
  build: {
    outDir: path.resolve(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4_000,
    sourcemap: false,
    minify: process.env.FORMWORK_WEB_DEBUG !== '1',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
