// Loaded with `--import` into every process of the Node 24 test run: resolves the native addons
// (better-sqlite3) to the copies that scripts/node24.mjs compiled for Node 24, since the
// workspace's own copies are built for the default Node and would refuse to load.
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ADDONS, node24Paths } from './node24.mjs';

const names = new Set(ADDONS.map(({ name }) => name));
const parentURL = pathToFileURL(join(node24Paths().addons, 'package.json')).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    return nextResolve(specifier, names.has(specifier) ? { ...context, parentURL } : context);
  },
});
