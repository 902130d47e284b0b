import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { buildChunks, chunkLoader, precompressFiles } from './build/chunks.mjs';
import { applyEdits, cssTemplateEdits } from './build/minify-css.mjs';

const dist = fileURLToPath(new URL('dist', import.meta.url));

/** Writes embed.js.br and embed.js.gz next to embed.js, for servers that send precompressed files. */
function precompress(): Plugin {
  return {
    name: 'teahouse-precompress',
    apply: 'build',
    closeBundle() {
      precompressFiles([`${dist}/embed.js`]);
    },
  };
}

/**
 * Minifies the static text of the elements' css`…` templates (never `${…}` parts). Their html`…`
 * templates stay as written: a server-rendered thread is hydrated only when the browser's
 * templates are the very strings the server rendered from (Lit compares a digest of them).
 */
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

// Building a zod schema has no side effects (nor has the protocol's `IntString`, which only
// builds one), so the protocol's request schemas and any other schema the client never
// checks a response with stay out of the bundle.
const treeshake = { manualPureFunctions: ['z', 'IntString'] };

/**
 * Builds the script-tag bundle `dist/embed.js`: one self-contained IIFE with the elements that
 * first paint needs, the client and the styles, and `dist/chunks/`: the lazily defined elements
 * (share, points…), each fetched from next to embed.js the first time it is used. The npm entry
 * `dist/index.js` is tsc's output, so bundlers share lit and the client with the rest of the host app.
 */
export default defineConfig(async ({ command }) => ({
  logLevel: 'warn',
  plugins: [
    minifyCssTemplates(),
    chunkLoader(command === 'build' ? await buildChunks({ distDir: dist, plugins: [minifyCssTemplates()], treeshake }) : {}),
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    // Static blocks and class fields as they are: Safari 16.4+, Chrome 94+, Firefox 93+.
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    rolldownOptions: { treeshake },
    lib: {
      entry: fileURLToPath(new URL('src/auto.ts', import.meta.url)),
      formats: ['iife'],
      name: 'TeahouseEmbed',
      fileName: () => 'embed.js',
    },
  },
}));
