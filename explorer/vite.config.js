// Builds the explorer into ../api/assets/explorer, which the Go server embeds
// and serves: index.html at / (and /embed), the hashed files at /assets/.
// Asset URLs are relative (./assets/...), so the page works from / and /embed.
// No inline script or <style> ends up in index.html (CSP: 'self' only).
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const cytoscapeVersion = JSON.parse(readFileSync(new URL('./node_modules/cytoscape/package.json', import.meta.url))).version;

// Ships the licence texts of what the bundles contain, at /assets/LICENSES.txt.
function licenses() {
  return {
    name: 'survgraph-licenses',
    apply: 'build',
    generateBundle() {
      const cy = readFileSync(new URL('./node_modules/cytoscape/LICENSE', import.meta.url), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'assets/LICENSES.txt',
        source: `survgraph explorer: the code in explorer/src is the project's own.\n\n` +
          `graph-*.js bundles Cytoscape.js ${cytoscapeVersion} (MIT):\n\n${cy.trim()}\n`,
      });
    },
  };
}

// Where `npm run dev` / `npm run preview` send /graphql and /export.
const api = process.env.SURVGRAPH_API || 'http://127.0.0.1:8080';
const proxy = { '/graphql': api, '/export': api };

export default defineConfig({
  base: './',
  plugins: [licenses()],
  build: {
    outDir: '../api/assets/explorer',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    // Keep everything in files: no data: URIs, no inlined CSS.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    reportCompressedSize: true,
    rollupOptions: {
      output: {
        // go:embed skips files whose names start with "_" or "."; never emit one.
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: (chunk) => `assets/${chunk.name.replace(/^[_.]+/, '') || 'chunk'}-[hash].js`,
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
});
