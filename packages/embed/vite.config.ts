import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { applyEdits, cssTemplateEdits } from './build/minify-css.mjs';

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

/** Minifies the static text of the elements' css`…` templates (never `${…}` parts or html`…`). */
function minifyCssTemplates(): Plugin {
  return {
    name: 'teahouse-minify-css',
    apply: 'build',
    transform(code, id) {
      if (id.includes('/node_modules/') || !/\.[cm]?[jt]s$/.test(id.split('?')[0]!) || !/\bcss\s*`/.test(code)) return null;
      const edits = cssTemplateEdits(code);
      return edits.length ? applyEdits(code, edits, id) : null;
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
  plugins: [minifyCssTemplates(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    // Static blocks and class fields as they are: Safari 16.4+, Chrome 94+, Firefox 93+.
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    rolldownOptions: {
      // Building a zod schema has no side effects (nor has the protocol's `IntString`, which only
      // builds one), so the protocol's request schemas and any other schema the client never
      // checks a response with stay out of the bundle.
      treeshake: { manualPureFunctions: ['z', 'IntString'] },
    },
    lib: {
      entry: fileURLToPath(new URL('src/auto.ts', import.meta.url)),
      formats: ['iife'],
      name: 'TeahouseEmbed',
      fileName: () => 'embed.js',
    },
  },
});
