#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=384
import * as z from 'zod/mini';
import { ApiError } from './errors.js';
import { program } from './cli/program.js';
import { USAGE_EXIT, isCommanderExit } from './cli/common.js';
import { SettingsError } from './sites/config.js';
import { ConfigFileError } from './sites/file.js';

// An operator reads these messages: zod/mini ships them only when asked.
z.config(z.locales.en());

program().parseAsync(process.argv.slice(2), { from: 'user' }).catch((error: unknown) => {
  if (isCommanderExit(error)) {
    // Commander has printed the message (and the usage) already; help and --version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : USAGE_EXIT;
    return;
  }
  if (error instanceof ConfigFileError) {
    process.stderr.write(`teahouse: ${error.file} is not a valid site configuration:\n${error.message}\n`);
    process.exitCode = USAGE_EXIT;
    return;
  }
  if (error instanceof SettingsError) {
    process.stderr.write(`teahouse: invalid setting: ${error.message}\n`);
    process.exitCode = USAGE_EXIT;
    return;
  }
  process.stderr.write(`teahouse: ${error instanceof ApiError || error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
