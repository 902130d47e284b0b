#!/usr/bin/env node
// Builds what the demo and the tests run: every package's dist (tsc project references),
// then the one-script embed bundle.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

export function build({ apps = false } = {}) {
  const steps = [
    ['pnpm', ['exec', 'tsc', '-b']],
    ['pnpm', ['--filter', '@teahouse/embed', 'run', 'build']],
  ];
  if (apps) {
    steps.push(['pnpm', ['--filter', '@teahouse/example-vite-app', 'run', 'build']]);
    steps.push(['pnpm', ['--filter', '@teahouse/example-react-app', 'run', 'build']]);
  }
  for (const [cmd, args] of steps) {
    if (!run(cmd, args)) return false;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(build({ apps: process.argv.includes('--apps') }) ? 0 : 1);
}
