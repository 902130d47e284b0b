import { defineConfig } from 'vite';

// JSX through Vite's own transform (React 19's automatic runtime): nothing else is needed to build.
export default defineConfig({
  build: { target: 'es2022' },
  oxc: { jsx: { runtime: 'automatic' } },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
