import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { SiteSettings } from '@teahouse/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { newSecret, seedKeys } from '../auth/keys.js';
import { parseBody } from '../rich-text/markdown.js';
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION, THREAD_COLUMNS, USER_COLUMNS, type ExportTable } from '../export/tables.js';
import type { ImportReporter } from './run.js';
import type { ImportSummary } from './writer.js';

// `teahouse import teahouse <file>`: restores what `teahouse export` wrote. Rows keep their ids,
// so a second run (or one resumed after an interruption) finds each row there and writes nothing
// twice. A site that does not exist is created, with a new signing secret (exports hold none).

type Row = Record<string, unknown>;
type Trx = Kysely<Tables>;

const BATCH = 500;
const byType = new Map(EXPORT_TABLES.map((t) => [t.type, t]));

export interface RestoreResult extends ImportSummary {
  /** A new site's signing secret and webhook secret, shown once. */
  secrets: { secret?: string; webhookSecret?: string };
}

/** Floors are stored parsed too; a body that no longer parses (stricter rules since) is kept as its text. */
function parsedBody(source: string): string {
  try {
    return JSON.stringify(parseBody(source));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return JSON.stringify({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: source || '…' }] }] });
  }
}

export async function restoreSite(db: Database, file: string, options: { site?: string; reporter?: ImportReporter } = {}): Promise<RestoreResult> {
  const started = Date.now();
  const { size } = await stat(file);
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const summary: RestoreResult = { source: 'teahouse', site: '', imported: {}, skipped: 0, bad: [], badCount: 0, seconds: 0, secrets: {} };
  const bad = (at: string, message: string) => {
    summary.badCount++;
    if (summary.bad.length < 1000) summary.bad.push({ at, message });
    options.reporter?.bad({ at, message });
  };
  // Users and threads this database had under another id (same reader, same page): their rows refer to those.
  const users = new Map<string, string>();
  const threads = new Map<string, string>();
  const lostFloors = new Set<string>();
  let siteId = '';
  let number = 0;
  let ended: Record<string, number> | null = null;
  const seen: Record<string, number> = {};
  let batch: { spec: ExportTable; row: Row; at: string }[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const work = batch;
    batch = [];
    await db.kysely.transaction().execute(async (trx) => {
      for (const item of work) await restoreRow(trx, item.spec, item.row, item.at);
    });
    options.reporter?.progress({ done: stream.bytesRead, total: size, unit: 'bytes' }, summary);
  };

  const restoreRow = async (trx: Trx, spec: ExportTable, input: Row, at: string) => {
    const row: Row = { ...input, site_id: siteId };
    delete row.type;
    if (spec.viaThread) delete row.site_id;
    for (const column of USER_COLUMNS[spec.table] ?? []) if (typeof row[column] === 'string') row[column] = users.get(row[column] as string) ?? row[column];
    for (const column of THREAD_COLUMNS[spec.table] ?? []) if (typeof row[column] === 'string') row[column] = threads.get(row[column] as string) ?? row[column];
    if (spec.table === 'reactions' && typeof row.actor === 'string' && row.actor.startsWith('u:')) row.actor = `u:${users.get(row.actor.slice(2)) ?? row.actor.slice(2)}`;
    if ((spec.table === 'reports' || spec.table === 'moderation_queue') && lostFloors.has(String(row.floor_id))) {
      return bad(at, `${spec.type} of floor ${String(row.floor_id)}, which could not be restored`);
    }
    if (spec.table === 'moderation_audit' && lostFloors.has(String(row.floor_id))) row.floor_id = null;
    if (spec.table === 'floors') row.body_json = parsedBody(String(row.body_source ?? ''));
    if (spec.table === 'ledger_entries' && row.reason === 'reversal' && typeof row.ref === 'string' && row.ref.startsWith('#')) {
      const original = await trx.selectFrom('ledger_entries').select('id').where('site_id', '=', siteId)
        .where('idempotency_key', '=', String(row.idempotency_key).replace(/^reverse:/, '')).executeTakeFirst();
      row.ref = original ? `${original.id}${row.ref.slice(1)}` : row.ref.slice(1).replace(/^:/, '') || null;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are written as they were read, column for column
    const inserted = await (trx.insertInto(spec.table) as any).values(row).onConflict((oc: any) => oc.doNothing()).executeTakeFirst();
    if (Number(inserted?.numInsertedOrUpdatedRows ?? 0) > 0) {
      summary.imported[spec.type] = (summary.imported[spec.type] ?? 0) + 1;
      return;
    }
    // Not written: there already (a second run), or the database has the same reader or page under another id.
    if (spec.table === 'users') {
      const there = await trx.selectFrom('users').select('id').where('site_id', '=', siteId).where('external_id', '=', String(row.external_id)).executeTakeFirst();
      if (there && there.id !== row.id) users.set(String(row.id), there.id);
    } else if (spec.table === 'threads') {
      const there = await trx.selectFrom('threads').select('id').where('site_id', '=', siteId).where('page_key', '=', String(row.page_key)).executeTakeFirst();
      if (there && there.id !== row.id) threads.set(String(row.id), there.id);
    } else if (spec.table === 'floors') {
      const there = await trx.selectFrom('floors').select('id').where('thread_id', '=', String(row.thread_id)).where('number', '=', Number(row.number)).executeTakeFirst();
      if (there && there.id !== row.id) {
        lostFloors.add(String(row.id));
        return bad(at, `floor ${String(row.number)} of thread ${String(row.thread_id)} exists already as another floor`);
      }
    }
    summary.skipped++;
  };

  for await (const text of lines) {
    number++;
    const at = `line ${number}`;
    if (!text.trim()) continue;
    let row: Row;
    try {
      row = JSON.parse(text) as Row;
    } catch {
      bad(at, 'not JSON');
      continue;
    }
    if (number === 1) {
      if (row.type !== EXPORT_FORMAT || row.version !== EXPORT_VERSION || typeof row.site !== 'string') {
        throw new Error(`${file} is not a Teahouse export (version ${EXPORT_VERSION}): its first line says ${text.slice(0, 80)}`);
      }
      siteId = options.site ?? row.site;
      summary.site = siteId;
      continue;
    }
    if (row.type === 'site') {
      await flush();
      await restoreSiteRow(db, siteId, row, summary);
      continue;
    }
    if (row.type === 'end') {
      ended = (row.counts ?? {}) as Record<string, number>;
      continue;
    }
    const spec = byType.get(String(row.type));
    if (!spec) {
      bad(at, `unknown line type "${String(row.type)}"`);
      continue;
    }
    if (!siteId || !summary.site) throw new Error(`${file}: the site line must come before line ${number}`);
    seen[spec.type] = (seen[spec.type] ?? 0) + 1;
    // Later tables refer to earlier ones: a table is committed before the next one starts.
    if (batch.length > 0 && batch[batch.length - 1]!.spec !== spec) await flush();
    batch.push({ spec, row, at });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  if (!ended) bad(`line ${number}`, 'the file ends before its last line: it was cut short, and what it lacks is not restored');
  else {
    for (const [type, count] of Object.entries(ended)) {
      if ((seen[type] ?? 0) !== count) bad('end', `the file says ${count} ${type} lines, it has ${seen[type] ?? 0}`);
    }
  }
  summary.seconds = (Date.now() - started) / 1000;
  db.events.changed({ site: siteId, page: '' });
  return summary;
}

/** Creates the site as the export describes it, or leaves an existing one as it is. */
async function restoreSiteRow(db: Database, siteId: string, row: Row, summary: RestoreResult): Promise<void> {
  const settings = { ...(row.settings as Record<string, unknown>) };
  const rewards = settings.rewards as { webhookUrl?: string; webhookSecret?: string } | undefined;
  await db.kysely.transaction().execute(async (trx) => {
    const there = await trx.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst();
    if (there) {
      summary.skipped++;
      return;
    }
    if (rewards?.webhookUrl && !rewards.webhookSecret) {
      rewards.webhookSecret = newSecret();
      summary.secrets.webhookSecret = rewards.webhookSecret;
    }
    const checked = SiteSettings.safeParse(settings);
    if (!checked.success) throw new Error(`the site's settings do not validate: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const secret = newSecret();
    await trx.insertInto('sites').values({
      id: siteId, name: String(row.name), secret, server_secret: newSecret(), origins: JSON.stringify(row.origins ?? []),
      settings: JSON.stringify(settings), created_at: String(row.created_at),
    }).execute();
    await seedKeys(trx, siteId, secret, undefined);
    summary.secrets.secret = secret;
    summary.imported.site = 1;
  });
}
