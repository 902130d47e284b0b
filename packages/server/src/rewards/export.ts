import type { AdminLedgerEntry } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { toAdminEntry } from './ledger.js';

const CHUNK = 1000;
const COLUMNS = ['id', 'site', 'user', 'delta', 'reason', 'ref', 'status', 'availableAt', 'createdAt', 'idempotencyKey'] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed so that spreadsheets never run a cell as a formula. */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every ledger entry of a site in id order, by keyset, for accounting. */
export async function* ledgerEntries(db: Database, siteId: string): AsyncGenerator<AdminLedgerEntry> {
  let after: number | string = 0;
  for (;;) {
    const rows = await db.kysely.selectFrom('ledger_entries as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .selectAll('e').select('u.external_id')
      .where('e.site_id', '=', siteId).where('e.id', '>', after)
      .orderBy('e.id').limit(CHUNK).execute();
    for (const row of rows) yield toAdminEntry(row, row.external_id);
    if (rows.length < CHUNK) return;
    after = rows[rows.length - 1]!.id;
  }
}

export async function exportLedger(db: Database, siteId: string, format: 'csv' | 'jsonl', write: (chunk: string) => void): Promise<number> {
  let n = 0;
  if (format === 'csv') write(`${COLUMNS.join(',')}\n`);
  for await (const entry of ledgerEntries(db, siteId)) {
    write(format === 'csv' ? `${COLUMNS.map((c) => csvCell(entry[c])).join(',')}\n` : `${JSON.stringify(entry)}\n`);
    n++;
  }
  return n;
}
