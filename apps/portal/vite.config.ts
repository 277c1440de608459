import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
  ],
  // Dev server only (npm start serves the built app): schools are <slug>.localhost.
  server: { host: '127.0.0.1', allowedHosts: ['.localhost'] },
  build: { sourcemap: false },
});
