#!/usr/bin/env node
// Applies the pending changesets (`changeset version`: new versions, CHANGELOG.md entries), then
// writes the new version where a package states it in code: the embed's `version` export, which
// script-tag pages read as `window.Teahouse.version`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../node_modules/@changesets/cli/bin.js', import.meta.url));

/** Files that carry their package's version as `export const version = '…';`. */
export const VERSION_CONSTANTS = [{ pkg: 'packages/embed/package.json', file: 'packages/embed/src/index.ts' }];

export function syncVersionConstants(dir = root) {
  for (const { pkg, file } of VERSION_CONSTANTS) {
    const { version } = JSON.parse(readFileSync(`${dir}/${pkg}`, 'utf8'));
    const code = readFileSync(`${dir}/${file}`, 'utf8');
    const pattern = /^export const version = '[^']*';$/m;
    if (!pattern.test(code)) throw new Error(`${file}: no "export const version = '…';" line to update`);
    writeFileSync(`${dir}/${file}`, code.replace(pattern, `export const version = '${version}';`));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cwd = process.argv[2] ?? root;
  const result = spawnSync(process.execPath, [bin, 'version'], { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  syncVersionConstants(cwd);
}
