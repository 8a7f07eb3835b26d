import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built once and served by the API at / (same origin: the session cookie and CSRF check apply).
// Everything is bundled: the console must work air-gapped, with no CDN, font or script from elsewhere.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // Which chunks each page needs (bench:console sums a first load from it).
    manifest: true,
    // Charts load with the first chart drawn (a dynamic import), never before the page's data.
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000' } },
});
