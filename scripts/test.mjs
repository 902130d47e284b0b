#!/usr/bin/env node
// The whole suite: type check, lint, Node tests (protocol, server, examples, end-to-end) and
// browser tests in Chromium, Firefox and WebKit. Every step runs even when an earlier one
// fails, and the last line printed is the totals.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

process.env.TEAHOUSE_TEST_POSTGRES_URL ??= 'postgres://root@127.0.0.1:5432/test';

function sh(cmd, args, env = {}) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env, FORCE_COLOR: '0' } });
    const relay = (stream, target) => stream.on('data', (chunk) => { output += chunk; target.write(chunk); });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function record(name, ok, counts) {
  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    if (counts.failed > 0 || !ok) failures.push(name);
    if (!ok && counts.failed === 0) totals.failed += 1;
  } else if (ok) {
    totals.passed += 1;
  } else {
    totals.failed += 1;
    failures.push(name);
  }
}

function findTests(dir, pattern) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...findTests(path, pattern));
    else if (pattern.test(entry)) out.push(path);
  }
  return out.sort();
}

function nodeCounts(output) {
  const pick = (label) => Number(output.match(new RegExp(`^[ℹ#] ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  return { passed: pick('pass'), failed: pick('fail') + pick('cancelled'), skipped: pick('skipped') + pick('todo') };
}

async function step(name, fn) {
  console.log(`\n━━ ${name}`);
  await fn();
}

await step('build and type check (tsc -b, embed, example app)', async () => {
  const tsc = await sh('pnpm', ['exec', 'tsc', '-b', '--pretty', 'false']);
  record('type check', tsc.code === 0);
  const embed = await sh('pnpm', ['--filter', '@teahouse/embed', 'run', 'build']);
  record('embed build', embed.code === 0);
  const app = await sh('pnpm', ['--filter', '@teahouse/example-vite-app', 'run', 'build']);
  record('example vite-app build', app.code === 0);
});

await step('API reference matches the OpenAPI document', async () => {
  const check = await sh('node', ['scripts/api-reference.mjs', '--check']);
  record('API reference up to date', check.code === 0);
});

await step('OpenAPI document passes redocly lint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'teahouse-openapi-'));
  const file = join(dir, 'openapi.json');
  const { buildOpenApi } = await import(join(root, 'packages/protocol/dist/openapi.js'));
  writeFileSync(file, JSON.stringify(buildOpenApi()));
  const lint = await sh('pnpm', ['exec', 'redocly', 'lint', file, '--config', 'redocly.yaml', '--format', 'stylish']);
  record('redocly lint', lint.code === 0);
  rmSync(dir, { recursive: true, force: true });
});

await step('lint (eslint)', async () => {
  const lint = await sh('pnpm', ['exec', 'eslint', '.', '--max-warnings', '0']);
  record('lint', lint.code === 0);
});

await step('Node tests (protocol, server, examples, end-to-end)', async () => {
  const files = [
    ...findTests(join(root, 'packages/protocol/dist'), /\.test\.js$/),
    ...findTests(join(root, 'packages/server/dist'), /\.test\.js$/),
    ...findTests(join(root, 'examples'), /\.test\.mjs$/),
    ...findTests(join(root, 'test/e2e'), /\.test\.mjs$/),
  ].map((f) => relative(root, f));
  if (files.length === 0) return record('node tests: none found', false);
  const result = await sh('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files]);
  record('node tests', result.code === 0, nodeCounts(result.output));
});

await step('packages as published (pack, publint, attw, npm install of the tarballs, changesets)', async () => {
  const result = await sh('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', ...findTests(join(root, 'test/publish'), /\.test\.mjs$/).map((f) => relative(root, f))]);
  record('packages', result.code === 0, nodeCounts(result.output));
});

await step('browser tests (Chromium, Firefox, WebKit)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'teahouse-wtr-'));
  const resultsFile = join(dir, 'results.json');
  const result = await sh('xvfb-run', ['-a', 'pnpm', 'exec', 'wtr', '--config', 'web-test-runner.config.mjs'], {
    TEAHOUSE_WTR_RESULTS: resultsFile,
  });
  let counts;
  if (existsSync(resultsFile)) counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
  record('browser tests', result.code === 0, counts);
  rmSync(dir, { recursive: true, force: true });
});

console.log('');
if (failures.length) console.log(`failing steps: ${failures.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
