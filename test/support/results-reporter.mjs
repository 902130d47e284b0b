import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

function count(suite, totals) {
  if (!suite) return;
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites ?? []) count(child, totals);
}

/**
 * Writes `{passed, failed, skipped}` (tests, not files) to `path` when the run ends. A test
 * file that failed to load or threw outside a test counts as one failed test, so a broken file
 * never reads as green.
 *
 * @param {{ path?: string }} options
 */
export function resultsReporter({ path } = {}) {
  return {
    async onTestRunFinished({ sessions }) {
      if (!path) return;
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const before = totals.failed + totals.passed + totals.skipped;
        count(session.testResults, totals);
        const ran = totals.failed + totals.passed + totals.skipped - before;
        if ((session.errors?.length ?? 0) > 0 || (!session.passed && ran === 0)) totals.failed += 1;
      }
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `${JSON.stringify(totals)}\n`);
    },
  };
}
