#!/usr/bin/env node
// Runs every benchmark under bench/ in turn (expects a build: `pnpm bench` does both).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const scripts = readdirSync(here).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs').sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n━━ bench/${script}`);
  const { status } = spawnSync(process.execPath, [`${here}${script}`], { stdio: 'inherit' });
  if (status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
