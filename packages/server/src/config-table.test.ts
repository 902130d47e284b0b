import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SiteDefinition, SitesFile } from '@teahouse/protocol';

// docs/server.md has one configuration table; these tests hold it to the code. A variable read
// anywhere in the server's sources, or a key a site file takes, needs its row; a row needs its
// reader. Adding a variable is adding its row: nothing here lists them.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/server.md'), 'utf8');

/** The first cells of the table under `### <heading>`, each backticked name in them. */
function tableNames(heading: string): Set<string> {
  const start = doc.indexOf(`\n### ${heading}\n`);
  assert.ok(start >= 0, `docs/server.md has a "### ${heading}" section`);
  const section = doc.slice(start + 1).split(/\n#{2,3} /)[0]!;
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    for (const [, name] of line.split('|')[1]!.matchAll(/`([^`]+)`/g)) names.add(name!);
  }
  return names;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sources(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Every `process.env` read of the server's sources (tests excepted), by variable; any other form of access fails. */
function variablesRead(): Map<string, string[]> {
  const read = new Map<string, string[]>();
  for (const file of sources(join(root, 'packages/server/src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])?/g)) {
      const name = match[1] ?? match[2];
      const where = `${relative(root, file)}:${text.slice(0, match.index).split('\n').length}`;
      assert.ok(name, `${where}: process.env read in a way this test cannot follow; read variables by name`);
      read.set(name, [...(read.get(name) ?? []), where]);
    }
  }
  return read;
}

test('should document every environment variable the server reads, and read every one documented', () => {
  const documented = tableNames('Environment variables');
  const read = variablesRead();
  assert.ok(read.size > 0, 'the scan found the variables the CLI reads');
  const missing = [...read].filter(([name]) => !documented.has(name)).map(([name, where]) => `${name} (${where.join(', ')})`);
  assert.deepEqual(missing, [], 'read by the code but not in docs/server.md → Configuration → Environment variables');
  const variables = [...documented].filter((name) => /^[A-Z][A-Z0-9_]+$/.test(name));
  assert.deepEqual(variables.filter((name) => !read.has(name)), [], 'documented but read nowhere');
});

test('should document every key of a site configuration file, and no key a file does not take', () => {
  const documented = tableNames('Site configuration file');
  const keys = [...Object.keys(SitesFile.shape), ...Object.keys(SiteDefinition.shape)];
  assert.deepEqual(keys.filter((key) => !documented.has(key)), [], 'a site file takes these; docs/server.md → Site configuration file lacks them');
  assert.deepEqual([...documented].filter((key) => !keys.includes(key)), [], 'documented but not a key of a site file');
});

test('should see a variable read in any of the ways code reads one', () => {
  // The scan above, on text of its own: a form it missed would let an undocumented variable through.
  const text = "a = process.env.ONE; b = process.env['TWO']; c = process.env[\"THREE\"];";
  const names = [...text.matchAll(/process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])?/g)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(names, ['ONE', 'TWO', 'THREE']);
  assert.deepEqual([...'const { X } = process.env;'.matchAll(/process\.env(?:\.([A-Za-z_]\w*))?/g)].map((m) => m[1]), [undefined], 'a destructuring read is refused');
});
