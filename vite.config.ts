import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/; the Hono server serves the build from dist/client and the API on
// :8080, which the dev server proxies so the browser always talks to one origin.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // MapLibre and deck.gl are large by nature; split them so the app chunk stays readable.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deckgl', test: /node_modules[\\/]@(deck|luma|math|loaders)\.gl/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
