// Releases go through changesets: a pending changeset bumps the one fixed group of public packages,
// writes their CHANGELOGs and the embed's version export, and leaves the private examples alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { VERSION_CONSTANTS } from '../../scripts/version-packages.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const workspaces = ['packages', 'examples'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => existsSync(join(root, dir, name, 'package.json')))
    .map((name) => ({ path: `${dir}/${name}`, json: readJson(join(root, dir, name, 'package.json')) })),
);
const published = workspaces.filter(({ json }) => !json.private);
const config = readJson(join(root, '.changeset/config.json'));
const copy = mkdtempSync(join(tmpdir(), 'teahouse-changesets-'));

after(() => rmSync(copy, { recursive: true, force: true }));

test('should keep every pending changeset to the packages that exist and a known bump', () => {
  const names = new Set(published.map(({ json }) => json.name));
  const pending = readdirSync(join(root, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
  for (const file of pending) {
    const text = readFileSync(join(root, '.changeset', file), 'utf8');
    const front = text.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/);
    assert.ok(front, `${file}: no front matter`);
    assert.ok(front[2].trim().length > 0, `${file}: no summary for the CHANGELOG`);
    for (const line of front[1].split('\n').filter((l) => l.trim())) {
      const entry = line.match(/^["']?(@?[^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/);
      assert.ok(entry, `${file}: "${line}" is not "package": patch|minor|major`);
      assert.ok(names.has(entry[1]), `${file}: ${entry[1]} is not a published package`);
    }
  }
});

test('should publish every public package as one fixed group, in public', () => {
  assert.equal(config.access, 'public');
  assert.deepEqual(config.privatePackages, { version: false, tag: false });
  const versions = new Set(published.map(({ json }) => json.version));
  assert.equal(versions.size, 1, `the fixed group has versions ${[...versions].join(', ')}`);
  for (const { json } of published) {
    assert.ok(config.fixed.some((group) => group.some((pattern) => pattern === json.name || (pattern.endsWith('/*') && json.name.startsWith(pattern.slice(0, -1))))),
      `${json.name} is in no fixed group`);
  }
});

test('should bump the whole group, write the CHANGELOGs and the embed version, and leave the examples alone', () => {
  // The release inputs only: manifests, the changesets config, the files holding a version.
  const files = ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json', ...workspaces.map(({ path }) => `${path}/package.json`), ...VERSION_CONSTANTS.map(({ file }) => file)];
  for (const file of files) cpSync(join(root, file), join(copy, file), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  cpSync(join(root, 'scripts/version-packages.mjs'), join(copy, 'scripts/version-packages.mjs'));
  const server = published.find(({ json }) => json.name === '@teahouse/server');
  writeFileSync(join(copy, '.changeset/quiet-tea.md'), `---\n"${server.json.name}": patch\n---\n\nThe server closes idle connections sooner.\n`);

  const result = spawnSync(process.execPath, [join(copy, 'scripts/version-packages.mjs'), copy], { cwd: copy, encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);

  const next = semver.inc(server.json.version, 'patch');
  for (const { path, json } of workspaces) {
    const after = readJson(join(copy, path, 'package.json'));
    if (json.private) {
      assert.equal(after.version, json.version, `${json.name} (private) was versioned`);
      assert.ok(!existsSync(join(copy, path, 'CHANGELOG.md')), `${json.name} (private) got a CHANGELOG`);
      continue;
    }
    assert.equal(after.version, next, json.name);
    const changelog = readFileSync(join(copy, path, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, new RegExp(`^## ${next.replaceAll('.', '\\.')}$`, 'm'), `${json.name} CHANGELOG`);
    if (json.name === server.json.name) assert.ok(changelog.includes('The server closes idle connections sooner.'));
  }
  for (const { file } of VERSION_CONSTANTS) {
    assert.match(readFileSync(join(copy, file), 'utf8'), new RegExp(`^export const version = '${next.replaceAll('.', '\\.')}';$`, 'm'), file);
  }
  assert.ok(!existsSync(join(copy, '.changeset/quiet-tea.md')), 'the changeset was consumed');
});
