// Vite build of the benchmark page (desktop/bench/bench.html) into desktop/out/bench; not part
// of the app bundles.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: path.join(here, '../out/bench'), emptyOutDir: true, chunkSizeWarningLimit: 8192, minify: true, rolldownOptions: { input: path.join(here, 'bench.html') } },
});
