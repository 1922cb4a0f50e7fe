import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiServer = 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  // The server replaces this placeholder with each response's nonce (server/src/platform/http/
  // web-app.ts). Vite puts it on the tags it writes into index.html and in a
  // <meta property="csp-nonce">, from which its preload helper nonces the <link rel=modulepreload>
  // elements it adds when a lazily loaded page's chunk is imported.
  html: { cspNonce: '__CSP_NONCE__' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Past 500 kB is only the password estimator's chunk (1.7 MB, fetched by the sign-up form).
    chunkSizeWarningLimit: 1800,
    rolldownOptions: {
      output: {
        // Each page is its own chunk (router.tsx). Libraries go in a few chunks instead of
        // dozens of tiny shared ones (one per Mantine component or icon): what the first screen
        // needs as `react` (React and React Router, which rarely change) and `vendor` (Mantine,
        // TanStack Query, …), and `ui`, the rest, fetched with the first page that needs any of
        // it. Our own components and helpers used by pages make `shared`.
        codeSplitting: {
          groups: [
            // The password estimator's dictionaries (~1 MB), fetched only by the sign-up form.
            {
              name: 'password-strength',
              test: /[\\/](node_modules[\\/]@zxcvbn-ts|web[\\/]src[\\/]features[\\/]auth[\\/]hooks[\\/]estimate-strength)/,
              priority: 5,
            },
            // Charts and date pickers (recharts and its d3/redux stack, ~750 kB), fetched only
            // by the monitoring page. Only what the test names: by default a group also takes its
            // modules' dependencies, and React's JSX runtime would move in (and every page with it).
            {
              name: 'charts',
              includeDependenciesRecursively: false,
              test: /[\\/]node_modules[\\/](recharts|@mantine[\\/](charts|dates)|dayjs|victory-vendor|d3-[a-z-]+|internmap|@reduxjs|redux|redux-thunk|react-redux|reselect|immer|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant|use-sync-external-store)[\\/]/,
              priority: 5,
            },
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
              tags: ['$initial'],
              priority: 4,
            },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'], priority: 3 },
            { name: 'ui', test: /[\\/]node_modules[\\/]/, priority: 2 },
            // Our own code of the first screen (layouts, loaders, the API client) stays out of
            // `shared`, which would otherwise drag `ui` into the first screen's downloads.
            { name: 'shell', test: /[\\/]web[\\/]src[\\/]/, tags: ['$initial'], priority: 1 },
            { name: 'shared', test: /[\\/]web[\\/]src[\\/](components|lib)[\\/]/, priority: 0 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
      '/readyz': apiServer,
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
      '/readyz': apiServer,
    },
  },
});
