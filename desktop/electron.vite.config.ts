// Build of the three bundles: the main process (ESM; only package.json `dependencies` stay
// external — the runtime modules electron-builder packs — so @kestrel/shared, which ships
// TypeScript source, is bundled), the preload script (CommonJS with every
// dependency bundled: a sandboxed preload cannot require anything but `electron`) and the
// renderer (React; two pages: the app and the empty popout page the docking layout fills).
// `electron-vite build` writes out/{main,preload,renderer}; the suite's web-ui service serves
// out/renderer as the web UI.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { META_CONNECT_SOURCES, buildContentSecurityPolicy } from './src/common/content-security-policy.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const at = (file: string) => path.join(root, file);

/** The dev server needs inline scripts/styles (HMR); the built pages keep the strict meta policy. */
function developmentCsp(): Plugin {
  const strict = buildContentSecurityPolicy({ connectOrigins: META_CONNECT_SOURCES });
  const relaxed = buildContentSecurityPolicy({ connectOrigins: META_CONNECT_SOURCES, development: true });
  return { name: 'kestrel-development-csp', apply: 'serve', transformIndexHtml: (html) => html.replace(strict, relaxed) };
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: at('src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('src/renderer'),
    plugins: [react(), developmentCsp()],
    build: {
      minify: true,
      chunkSizeWarningLimit: 4096,
      rolldownOptions: {
        input: { index: at('src/renderer/index.html'), popout: at('src/renderer/popout.html') },
      },
    },
  },
});
