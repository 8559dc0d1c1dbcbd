import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const monacoEsmDir = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      // monaco-editor >= 0.56 ships an exports map that breaks monaco-worker-manager's (monaco-yaml 5.x)
      // legacy deep import of `monaco-editor/esm/vs/editor/editor.worker.js`; map those paths to files.
      // Upstream: remcohaszing/monaco-yaml#272. Remove when monaco-yaml > 5.5.1 fixes it.
      { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoEsmDir}$1` },
    ],
  },
  optimizeDeps: {
    // The dev dep scanner does not follow `?worker` imports; without this the first dev load re-bundles and reloads.
    include: ['monaco-yaml/yaml.worker.js'],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 5000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Vite's preload helper (used by every dynamic import) would otherwise be pulled into the monaco group
            // (monaco imports lazily too), and the entry's import of it would make all of Monaco load up front.
            { name: 'preload-helper', test: /vite\/preload-helper/, priority: 1 },
            { name: 'monaco', test: /node_modules[\\/]monaco-editor[\\/]/ },
            { name: 'xyflow', test: /node_modules[\\/]@xyflow[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
});
