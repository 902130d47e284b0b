// The lazily defined elements of the script-tag bundle as chunks of their own (dist/chunks/), built
// before embed.js so that embed.js can name them. A chunk takes lit, the base class, the contexts
// and the shared helpers from embed.js through a global (the elements' lazy/kit module) instead of
// carrying its own copies.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Where chunks go, inside dist/ (embed.js loads them relative to its own URL). */
export const CHUNKS_DIR = 'chunks';

const require = createRequire(import.meta.url);
/** The elements package's folder (its real path: the bundler resolves symlinks). */
export const elementsRoot = realpathSync(dirname(require.resolve('@teahouse/elements/package.json')));
/** The compiled kit module that chunks take from the global. */
export const kitFile = join(elementsRoot, 'dist', 'lazy', 'kit.js');
/** The module embed.js replaces with its chunk loader. */
export const importsFile = join(elementsRoot, 'dist', 'lazy', 'imports.js');

/**
 * The lazy elements that have a loader in the elements' `lazy/imports.ts`, as `{tag: entry file}`:
 * each line `'teahouse-x': () => import('../x/x.js'),` there is one chunk here.
 * @returns {Record<string, string>}
 */
export function lazyEntries() {
  // Comments out first: they may show the form too.
  const code = readFileSync(importsFile, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const entries = {};
  for (const [, tag, path] of code.matchAll(/'(teahouse-[a-z-]+)'\s*:\s*\(\)\s*=>\s*import\(\s*'([^']+)'\s*\)/g)) {
    entries[tag] = resolve(dirname(importsFile), path);
  }
  const loaders = code.match(/\bimport\(/g)?.length ?? 0;
  if (loaders !== Object.keys(entries).length) {
    throw new Error(`${importsFile}: ${loaders} loaders but ${Object.keys(entries).length} understood; write each as 'teahouse-x': () => import('../x/x.js'),`);
  }
  for (const [tag, file] of Object.entries(entries)) {
    if (!existsSync(file)) throw new Error(`<${tag}>: ${file} is missing; build @teahouse/elements first`);
  }
  return entries;
}

/**
 * The names the kit exports, read from its compiled module (`export { a, b as c } from '…'`).
 * @returns {string[]}
 */
export function kitExports() {
  const code = readFileSync(kitFile, 'utf8');
  if (/\bexport\s*\*/.test(code)) throw new Error(`${kitFile}: export * cannot be handed over by name; list the names`);
  const names = [...code.matchAll(/\bexport\s*\{([^}]*)\}/g)]
    .flatMap(([, list]) => list.split(','))
    .map((spec) => spec.trim().split(/\s+as\s+/).pop())
    .filter(Boolean);
  if (names.length === 0) throw new Error(`${kitFile}: no exports found`);
  return names;
}

/**
 * The `Symbol.for()` key of the global through which embed.js hands the kit to its chunks: an
 * array of the kit's exports in the order of `names` (a few bytes, where a namespace object costs a
 * getter per name). The key carries a digest of the names, so that two different embed.js builds on
 * one page never hand each other's chunks the wrong values.
 * @param {string[]} names
 */
export function kitKey(names) {
  return `teahouse.kit.${createHash('sha256').update(names.join(',')).digest('base64url').slice(0, 8)}`;
}

/** Plugins that take over a module id run before Vite's own resolver, which would settle the path first. */
function replaceModule(name, file, code) {
  const VIRTUAL = `\0${name}`;
  return {
    name,
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source === VIRTUAL) return VIRTUAL;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === file ? VIRTUAL : null;
    },
    load(id) {
      return id === VIRTUAL ? code() : null;
    },
  };
}

/**
 * In the embed.js build, the elements' lazy loaders (dynamic imports, for npm builds) become a
 * module that puts the kit on the global and imports each element's chunk from next to embed.js.
 * @param {Record<string, string>} manifest `{tag: chunk path relative to embed.js}`
 * @returns {import('vite').Plugin}
 */
export function chunkLoader(manifest) {
  return replaceModule('teahouse-chunk-loader', importsFile, () => {
    const names = kitExports();
    const loaders = Object.entries(manifest).map(([tag, file]) => `${JSON.stringify(tag)}: load(${JSON.stringify(file)})`);
    const locals = names.map((_, i) => `kit${i}`);
    return [
      `import { ${names.map((name, i) => `${name} as ${locals[i]}`).join(', ')} } from ${JSON.stringify(kitFile)};`,
      // Chunks come from where embed.js came from; `currentScript` is only set while it first runs.
      'const base = document.currentScript?.src || document.querySelector(\'script[src*="embed"]\')?.src || location.href;',
      // The kit goes on the global at the first load, not when this module runs: the kit's modules
      // import this one (through the catalogs the base class loads), so some are not ready yet then.
      // A second copy of embed.js on the page keeps the first one's kit, which its chunks already use.
      `const load = (file) => () => { globalThis[Symbol.for(${JSON.stringify(kitKey(names))})] ??= [${locals.join(', ')}]; return import(new URL(file, base).href); };`,
      `export const imports = { ${loaders.join(', ')} };`,
    ].join('\n');
  });
}

/**
 * In a chunk build, the kit module is one reading the kit that embed.js put on the global.
 * @returns {import('vite').Plugin}
 */
export function kitFromGlobal() {
  return replaceModule('teahouse-kit-from-global', kitFile, () => {
    const names = kitExports();
    return [
      `const kit = globalThis[Symbol.for(${JSON.stringify(kitKey(names))})];`,
      "if (!kit) throw new Error('Teahouse: this chunk needs the embed.js it was built with on the page');",
      `export const [${names.join(', ')}] = kit;`,
    ].join('\n');
  });
}

/** What embed.js holds besides the elements: lit and the client. */
const SHIPPED_BY_EMBED = [
  /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:lit|lit-html|lit-element|@lit\/reactive-element)\//,
  /\/client\/dist\/client\.js$/,
];

/**
 * Fails the chunk build when a chunk carries a module embed.js already holds: lit, the client, or
 * any module of the elements outside the lazy elements' own folders (the base class, the contexts,
 * the other elements), which reach a chunk only through the kit.
 * @param {string[]} folders the lazy elements' folders
 * @returns {import('vite').Plugin}
 */
export function shippedOnce(folders) {
  const elementsDist = join(elementsRoot, 'dist');
  const twice = (id) =>
    SHIPPED_BY_EMBED.some((pattern) => pattern.test(id.replace(/\\/g, '/'))) ||
    (id.startsWith(elementsDist) && !folders.some((folder) => id.startsWith(folder + sep)));
  return {
    name: 'teahouse-shipped-once',
    generateBundle(_, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        // Lit's hydration works on lit-html's internals, which embed.js does not hand over: its chunk,
        // fetched only on pages with a server-rendered thread, brings its own lit-html, and every
        // element renders through that one once it is installed (before any is defined).
        const own = output.isEntry && output.name === 'teahouse-hydrate' ? /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?lit-html\// : null;
        const found = output.moduleIds.filter((id) => twice(id) && !own?.test(id.replace(/\\/g, '/')));
        if (found.length) this.error(`${output.fileName} carries what embed.js already holds: ${found.join(', ')}`);
      }
    },
  };
}

/**
 * Writes `<file>.br` and `<file>.gz` next to each of `files`, for servers that send precompressed files.
 * @param {string[]} files
 */
export function precompressFiles(files) {
  for (const file of files) {
    const code = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${file}.gz`, gzipSync(code, { level: 9 }));
  }
}

/**
 * Builds one ES module chunk per lazy element into `dist/chunks/` (modules shared by several
 * elements, and code an element loads later, such as the QR encoder, go into chunks of their own),
 * and returns `{tag: path relative to dist}` for embed.js.
 * @param {{ distDir: string, plugins: import('vite').PluginOption[], treeshake: object }} options
 * @returns {Promise<Record<string, string>>}
 */
export async function buildChunks({ distDir, plugins, treeshake }) {
  const { build } = await import('vite');
  const entries = lazyEntries();
  const outDir = join(distDir, CHUNKS_DIR);
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [kitFromGlobal(), shippedOnce(Object.values(entries).map((file) => dirname(file))), ...plugins],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      reportCompressedSize: false,
      copyPublicDir: false,
      // Library mode: no module preload helper (a chunk imports what it needs relative to itself).
      lib: { entry: entries, formats: ['es'] },
      rolldownOptions: {
        treeshake,
        output: {
          // Library mode keeps whitespace unless told.
          minify: true,
          // Hashed names: a chunk never changes under its name, so servers may let browsers keep it
          // for good (the reference server does for names like `teahouse-share-3f9a1c2b7e.js`).
          hashCharacters: 'hex',
          entryFileNames: '[name]-[hash:10].js',
          chunkFileNames: '[name]-[hash:10].js',
        },
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const manifest = {};
  for (const output of outputs) {
    if (output.type === 'chunk' && output.isEntry) manifest[output.name] = `${CHUNKS_DIR}/${output.fileName}`;
  }
  precompressFiles(outputs.filter((o) => o.fileName.endsWith('.js')).map((o) => join(outDir, o.fileName)));
  for (const tag of Object.keys(entries)) {
    if (!manifest[tag]) throw new Error(`no chunk was built for <${tag}>`);
  }
  return manifest;
}
