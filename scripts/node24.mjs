#!/usr/bin/env node
// Installs Node 24 LTS for a second run of the Node tests, without touching the Node the rest of the
// suite uses: the registry's `node-<platform>-<arch>@24` package (binary and headers) goes into a
// directory of its own, and next to it the workspace's version of each native addon, compiled
// against those headers (`npm_config_nodedir`). The workspace's own addons stay built for the
// default Node. `scripts/node24-hooks.mjs` makes the tests load the Node 24 builds.
//
//   node scripts/node24.mjs      prepare (once; later runs reuse it) and print the directory
//   TEAHOUSE_NODE24=1 pnpm test  prepares it too, and runs the protocol and server tests on it
// TEAHOUSE_NODE24_HOME moves the directory (default ~/.cache/teahouse/node24).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const NODE_LINE = 24;
/** Native addons the Node tests load, as resolved from the package that depends on them. */
export const ADDONS = [{ name: 'better-sqlite3', from: 'packages/server' }];

const runtimePackage = `node-${process.platform}-${process.arch}`;
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Where the Node 24 runtime and its addons live: one directory, reused between runs. */
export function node24Home() {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return process.env.TEAHOUSE_NODE24_HOME || join(cache, 'teahouse', `node${NODE_LINE}`);
}

/** The runtime's paths under `home`. */
export function node24Paths(home = node24Home()) {
  const runtime = join(home, 'runtime', 'node_modules', runtimePackage);
  return { runtime, bin: join(runtime, 'bin'), node: join(runtime, 'bin', 'node'), addons: join(home, 'addons') };
}

function addonVersions() {
  return Object.fromEntries(ADDONS.map(({ name, from }) => [name, readJson(join(root, from, 'node_modules', name, 'package.json')).version]));
}

function npm(args, options) {
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: ['ignore', 2, 2], ...options });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

/** Installs what is missing and returns the home directory; a ready home with the same addon versions is kept. */
export function prepareNode24() {
  const home = node24Home();
  const want = addonVersions();
  const marker = join(home, 'ready.json');
  if (existsSync(marker)) {
    const ready = readJson(marker);
    if (JSON.stringify(ready.addons) === JSON.stringify(want) && existsSync(node24Paths(home).node)) return home;
  }
  // Built aside and moved in at the end, so an interrupted run leaves no half-made home behind.
  const staging = `${home}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'runtime'), { recursive: true });
  mkdirSync(join(staging, 'addons'), { recursive: true });
  for (const dir of ['runtime', 'addons']) writeFileSync(join(staging, dir, 'package.json'), '{"private":true}\n');
  const paths = node24Paths(staging);

  npm(['install', '--prefix', join(staging, 'runtime'), `${runtimePackage}@${NODE_LINE}`], {});
  const version = spawnSync(paths.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!version.startsWith(`v${NODE_LINE}.`)) throw new Error(`${paths.node} says ${version || 'nothing'}`);

  // npm and node-gyp run on Node 24 and compile against its headers; the user's npmrc may point
  // `nodedir` at the default Node's.
  const env = { ...process.env, PATH: `${paths.bin}:${process.env.PATH}`, npm_config_nodedir: paths.runtime };
  for (const key of Object.keys(env)) if (/^npm_(?!config_nodedir$)/i.test(key)) delete env[key];
  npm(['install', '--prefix', paths.addons, ...Object.entries(want).map(([name, v]) => `${name}@${v}`)], { env });

  const check = spawnSync(paths.node, ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"], { cwd: paths.addons, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`better-sqlite3 does not load on ${version}:\n${check.stderr}`);
  writeFileSync(join(staging, 'ready.json'), `${JSON.stringify({ node: version, addons: want }, null, 2)}\n`);

  rmSync(home, { recursive: true, force: true });
  mkdirSync(join(home, '..'), { recursive: true });
  renameSync(staging, home);
  return home;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${prepareNode24()}\n`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
