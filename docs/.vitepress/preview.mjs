#!/usr/bin/env node
// Serves the built site (`pnpm docs:build` first) with the demo server behind it, as `pnpm docs:dev`
// does for the sources: `pnpm docs:preview [--port N]` (default: a free port).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { closeDemos, demoPlugin } from './demo.mjs';

export const DIST = fileURLToPath(new URL('dist', import.meta.url));

/** Starts the preview server; resolves to its URL and a close function. */
export async function previewDocs({ port = 0 } = {}) {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run pnpm docs:build first`);
  const server = await preview({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    logLevel: 'warn',
    appType: 'mpa',
    build: { outDir: 'dist' },
    plugins: [demoPlugin()],
    preview: { host: '127.0.0.1', port, strictPort: port !== 0, open: false },
  });
  const { port: actual } = server.httpServer.address();
  return {
    url: `http://127.0.0.1:${actual}`,
    async close() {
      await server.close();
      await closeDemos();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string' } } });
  const { url } = await previewDocs({ port: Number(values.port ?? 0) });
  console.log(`Teahouse docs with the demo server: ${url}/`);
}
