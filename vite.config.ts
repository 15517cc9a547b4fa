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
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
