// What the end-to-end tests share: Debian's Chromium, free ports, and the news-site demo
// started the way `pnpm start` starts it (minus the build).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const DEMO = fileURLToPath(new URL('../../examples/news-site/server.mjs', import.meta.url));
// Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the demo with `env` and resolves `ready` with the host page's URL once it prints it. */
export function startDemo(env) {
  const child = spawn(process.execPath, [DEMO], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/Demo: (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}:\n${output}`));
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { ready, stop, output: () => output };
}

/**
 * Runs the demo for the tests of one file: on free ports (TEAHOUSE_E2E_PORT / TEAHOUSE_E2E_API_PORT
 * to choose) with a fresh SQLite file, plus a Chromium; both stopped after the file's tests.
 * `url` (the host page) and `browser` are set once `before` has run.
 */
export function useDemo(name, env = {}) {
  /** `exitCode`: how the demo ended, once the suite's `after` hooks have stopped it. */
  const run = { url: '', browser: undefined, exitCode: undefined };
  let dataDir;
  let demo;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `teahouse-e2e-${name}-`));
    demo = startDemo({
      PORT: String(process.env.TEAHOUSE_E2E_PORT ?? (await freePort())),
      TEAHOUSE_PORT: String(process.env.TEAHOUSE_E2E_API_PORT ?? (await freePort())),
      TEAHOUSE_DATABASE: `sqlite:${join(dataDir, 'demo.db')}`,
      ...env,
    });
    run.url = await demo.ready;
    run.browser = await launchChromium();
  });
  after(async () => {
    await run.browser?.close();
    run.exitCode = await demo?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return run;
}

/**
 * Collects what means a page broke: uncaught errors and CSP violations; with `strict`, any console
 * error and any failed request (a chunk that did not load) too.
 */
export function watchPage(page, { strict = false } = {}) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && (strict || /Content.Security.Policy|Refused to/i.test(message.text()))) {
      problems.push(`console: ${message.text()}`);
    }
  });
  if (strict) page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  return problems;
}
