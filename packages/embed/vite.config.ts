import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Writes embed.js.br and embed.js.gz next to embed.js, for servers that send precompressed files. */
function precompress(): Plugin {
  return {
    name: 'teahouse-precompress',
    apply: 'build',
    closeBundle() {
      const file = fileURLToPath(new URL('dist/embed.js', import.meta.url));
      const code = readFileSync(file);
      writeFileSync(`${file}.br`, brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${file}.gz`, gzipSync(code, { level: 9 }));
    },
  };
}

/**
 * Builds the script-tag bundle `dist/embed.js`: one self-contained IIFE with every element,
 * the client and the styles. The npm entry `dist/index.js` is tsc's output, so bundlers
 * share lit and the client with the rest of the host app.
 */
export default defineConfig({
  logLevel: 'warn',
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    sourcemap: true,
    reportCompressedSize: false,
    lib: {
      entry: fileURLToPath(new URL('src/auto.ts', import.meta.url)),
      formats: ['iife'],
      name: 'TeahouseEmbed',
      fileName: () => 'embed.js',
    },
  },
});
