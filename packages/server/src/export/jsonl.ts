import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { loadSite } from '../sites/sites.js';
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION, type ExportTable } from './tables.js';

// `teahouse export <site> --format jsonl`: everything a site holds, one JSON object a line, read
// by keyset in a fixed order so that the same data always gives the same file. `teahouse import
// teahouse` restores it; export → restore into an empty database → export gives the same bytes.

const CHUNK = 1000;

type Row = Record<string, unknown>;

/** Rows of one table of the site, in key order, a chunk at a time. */
async function* rowsOf(db: Database, siteId: string, spec: ExportTable): AsyncGenerator<Row> {
  let after: unknown[] | null = null;
  for (;;) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is one of a fixed list; its columns are read as they are
    let query: any = db.kysely.selectFrom(spec.table as 'users').selectAll();
    query = spec.viaThread
      ? query.where('thread_id', 'in', db.kysely.selectFrom('threads').select('id').where('site_id', '=', siteId))
      : query.where('site_id', '=', siteId);
    if (after) {
      const keys = sql.join(spec.key.map((k) => sql.ref(k)));
      const values = sql.join(after.map((v) => sql`${v}`));
      query = query.where(sql<boolean>`(${keys}) > (${values})`);
    }
    for (const key of spec.key) query = query.orderBy(key);
    const rows = (await query.limit(CHUNK).execute()) as Row[];
    for (const row of rows) yield row;
    if (rows.length < CHUNK) return;
    const last = rows[rows.length - 1]!;
    after = spec.key.map((k) => last[k]);
  }
}

/** One line's object: the type, then the row's columns less the site id, what is left out, and serial ids. */
function line(spec: ExportTable, row: Row): Row {
  const out: Row = { type: spec.type };
  for (const [column, value] of Object.entries(row)) {
    if (column === 'site_id' || spec.omit?.includes(column) || (spec.serial && column === 'id')) continue;
    out[column] = value;
  }
  // A reversal names the entry it reverses by id; the id changes in a restore, the key it was made from does not.
  if (spec.table === 'ledger_entries' && row.reason === 'reversal' && typeof row.ref === 'string') out.ref = row.ref.replace(/^\d+/, '#');
  return out;
}

/** Writes the site's export; returns the number of lines by type. */
export async function exportSite(db: Database, siteId: string, write: (chunk: string) => void | Promise<void>): Promise<Record<string, number>> {
  const site = await loadSite(db, siteId);
  const counts: Record<string, number> = {};
  await write(`${JSON.stringify({ type: EXPORT_FORMAT, version: EXPORT_VERSION, site: site.id })}\n`);
  const row = await db.kysely.selectFrom('sites').select(['name', 'origins', 'settings', 'created_at']).where('id', '=', siteId).executeTakeFirstOrThrow();
  const settings = JSON.parse(row.settings) as { rewards?: { webhookSecret?: unknown } };
  // No secret leaves the server: the signing keys, the server secret and a webhook's secret stay out.
  if (settings.rewards) delete settings.rewards.webhookSecret;
  await write(`${JSON.stringify({ type: 'site', name: row.name, origins: JSON.parse(row.origins) as unknown, settings, created_at: row.created_at })}\n`);
  for (const spec of EXPORT_TABLES) {
    let buffer = '';
    let n = 0;
    for await (const r of rowsOf(db, siteId, spec)) {
      buffer += `${JSON.stringify(line(spec, r))}\n`;
      n++;
      if (buffer.length > 64 * 1024) {
        await write(buffer);
        buffer = '';
      }
    }
    if (buffer) await write(buffer);
    counts[spec.type] = n;
  }
  // The last line counts the others: a file cut short is found out when it is restored.
  await write(`${JSON.stringify({ type: 'end', counts })}\n`);
  return counts;
}
