#!/usr/bin/env node
// Writes custom-elements.json with @custom-elements-manifest/analyzer (config in
// custom-elements-manifest.config.mjs); with --check, generates it into a temporary folder and
// fails when it differs from the committed file, or when it misses what integrators rely on:
// every tag by its real name, no internal state as an attribute, a detail type for every event.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
const TAGS = [
  'teahouse-comments', 'teahouse-thread', 'teahouse-comment', 'teahouse-composer', 'teahouse-reactions', 'teahouse-count',
  'teahouse-share', 'teahouse-points', 'teahouse-moderation', 'teahouse-report', 'teahouse-edit', 'teahouse-emoji-panel', 'teahouse-notifications',
];

// The analyzer takes its out folder relative to where it runs: a temporary one inside the package.
const outdir = check ? mkdtempSync(join(root, '.manifest-')) : root;
const run = spawnSync(process.execPath, [join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze',
  '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(root, outdir) || '.'], { cwd: root, encoding: 'utf8' });
let made = '';
try {
  if (run.status !== 0) throw new Error(`${run.stdout}\n${run.stderr}`);
  made = readFileSync(join(outdir, 'custom-elements.json'), 'utf8');
} finally {
  if (check) rmSync(outdir, { recursive: true, force: true });
}
if (!check) process.exit(0);

const problems = [];
const manifest = JSON.parse(made);
const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
const tags = elements.map((d) => d.tagName).sort();
if (tags.join() !== [...TAGS].sort().join()) problems.push(`tags: ${tags.join(', ')} (expected ${[...TAGS].sort().join(', ')})`);
for (const element of elements) {
  const states = new Set((element.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name));
  for (const attribute of element.attributes ?? []) {
    if (states.has(attribute.fieldName)) problems.push(`<${element.tagName}> lists its internal ${attribute.fieldName} as an attribute`);
  }
  for (const event of element.events ?? []) {
    if (!/^teahouse-/.test(event.name)) problems.push(`<${element.tagName}> fires ${event.name}, not a teahouse-… name`);
    if (!/^CustomEvent<\w+>$/.test(event.type?.text ?? '')) problems.push(`<${element.tagName}> ${event.name} has no detail type`);
  }
}
const committed = readFileSync(join(root, 'custom-elements.json'), 'utf8');
if (committed !== made) problems.push('custom-elements.json is out of date: run `pnpm --filter @teahouse/elements run manifest`');
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`custom-elements.json: ${tags.length} elements, up to date`);
