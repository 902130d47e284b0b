import type { Database } from '../db/database.js';
import { loadSite } from '../sites/sites.js';
import type { ImportSource, Position } from './records.js';
import { ImportWriter, type ImportSummary } from './writer.js';

/** Hears how an import goes: often while it reads, at once for a bad record. */
export interface ImportReporter {
  progress(read: { done: number; total: number | null; unit: 'bytes' | 'rows' }, summary: ImportSummary): void;
  bad(bad: { at: Position; message: string }): void;
}

const quiet: ImportReporter = { progress() {}, bad() {} };

/**
 * Reads `source` to its end into `siteId`, in batches of one transaction each (`batch` records,
 * 500 by default), and returns what it did. Running it again, or after an interruption, imports only what is not there yet.
 */
export async function runImport(db: Database, siteId: string, source: ImportSource, reporter: ImportReporter = quiet, options: { batch?: number } = {}): Promise<ImportSummary> {
  const site = await loadSite(db, siteId);
  const writer = new ImportWriter(db, site, source.name, { onBad: (bad) => reporter.bad(bad), ...options });
  let last = 0;
  for await (const record of source.records()) {
    await writer.add(record);
    const now = Date.now();
    if (now - last >= 200) {
      last = now;
      reporter.progress(source.progress(), writer.summary);
    }
  }
  const summary = await writer.finish();
  reporter.progress(source.progress(), summary);
  return summary;
}
