import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { parseBody } from '../rich-text/markdown.js';
import { GUEST_SUB_PREFIX } from '../auth/token.js';
import { resolveReactions, type ResolvedReactions } from '../reactions/settings.js';
import { clean, newId } from '../db/ids.js';
import { nestedPlace } from '../threads/nested.js';
import type { Site } from '../sites/sites.js';
import type {
  BalanceRecord, FloorRecord, ImportRecord, Position, ReactionRecord, ReaderRecord, ThreadRecord,
} from './records.js';

// Writes what a source read, in batches of one transaction each. Every row it writes is recorded
// in `import_records` in the same transaction, by the source's id: a second run, or a run resumed
// after an interruption, skips what is there. Floors keep the numbers the source gives them,
// threads' counts are kept as posting keeps them (replies, last floor, descendants, scores).

type Trx = Kysely<Tables>;
type Kind = 'reader' | 'thread' | 'floor' | 'reaction' | 'balance';

/** What an import did, for its closing summary. */
export interface ImportSummary {
  source: string;
  site: string;
  /** Records written, by kind (`floor`, `thread`, `reader`, …). */
  imported: Record<string, number>;
  /** Records a previous run had written already. */
  skipped: number;
  /** Records that could not be imported, or only in part, with their position in the source (the first 1000). */
  bad: { at: Position; message: string }[];
  badCount: number;
  seconds: number;
}

/** A floor whose body is parsed, ready for the transaction (parsing can refuse a body; a transaction must not fail). */
type Prepared = { record: FloorRecord; source: string; json: string } | Exclude<ImportRecord, FloorRecord>;

const BATCH = 500;
const MAX_CACHED = 50_000;
const MAX_BAD_KEPT = 1000;

/** A Map that forgets everything when it grows past its bound: memory stays flat on any input size. */
class Bounded<K, V> extends Map<K, V> {
  override set(key: K, value: V): this {
    if (this.size >= MAX_CACHED) this.clear();
    return super.set(key, value);
  }
}

const hash = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 22);

export class ImportWriter {
  readonly #db: Database;
  readonly #site: Site;
  readonly #source: string;
  readonly #reactions: ResolvedReactions;
  readonly #started = Date.now();
  readonly #onBad: (bad: { at: Position; message: string }) => void;
  #pending: Exclude<ImportRecord, { kind: 'bad' }>[] = [];
  /** Earlier runs' rows for the current batch, by `kind\nsource id`; null: not written before. */
  #prefetched = new Map<string, string | null>();
  #readers = new Bounded<string, string>();
  #threads = new Bounded<string, { id: string; page: string }>();
  #floors = new Bounded<string, { thread: string; number: number; root: number; depth: number }>();
  #changed = new Set<string>();
  /** What the current batch imported with a caveat; reported once it is committed. */
  #notes: { at: Position; message: string }[] = [];
  /** Readers the current batch made. */
  #newReaders = 0;
  /** `import_records` rows of the current batch, written together before its commit. */
  #remembered: { kind: Kind; source_id: string; target: string }[] = [];
  readonly summary: ImportSummary;

  readonly #size: number;

  constructor(db: Database, site: Site, source: string, options: { onBad?: (bad: { at: Position; message: string }) => void; batch?: number } = {}) {
    this.#size = options.batch ?? BATCH;
    this.#db = db;
    this.#site = site;
    this.#source = source;
    this.#reactions = resolveReactions(site.settings.reactions, site.settings);
    this.#onBad = options.onBad ?? (() => {});
    this.summary = {
      source, site: site.id, imported: { reader: 0, thread: 0, floor: 0, reaction: 0, balance: 0 }, skipped: 0, bad: [], badCount: 0, seconds: 0,
    };
  }

  bad(at: Position, message: string): void {
    this.summary.badCount++;
    if (this.summary.bad.length < MAX_BAD_KEPT) this.summary.bad.push({ at, message });
    this.#onBad({ at, message });
  }

  /** Takes one record; written with the next batch. */
  async add(record: ImportRecord): Promise<void> {
    if (record.kind === 'bad') return this.bad(record.at, record.message);
    this.#pending.push(record);
    if (this.#pending.length >= this.#size) await this.flush();
  }

  /**
   * What of `records` earlier runs wrote, in one query per kind: a record found there costs no
   * more, and one not found needs no query of its own.
   */
  async #prefetch(records: readonly Exclude<ImportRecord, { kind: 'bad' }>[]): Promise<void> {
    this.#prefetched.clear();
    const wanted = new Map<Kind, Set<string>>([['reader', new Set()], ['thread', new Set()], ['floor', new Set()]]);
    const reader = (r: ReaderRecord | null | undefined) => r && !this.#readers.has(r.id) && wanted.get('reader')!.add(r.id);
    for (const r of records) {
      if (r.kind === 'reader') reader(r);
      else if (r.kind === 'thread') {
        if (!this.#threads.has(r.id)) wanted.get('thread')!.add(r.id);
        reader(r.author);
      } else if (r.kind === 'floor') {
        if (!this.#floors.has(r.id)) wanted.get('floor')!.add(r.id);
        if (!this.#threads.has(r.thread)) wanted.get('thread')!.add(r.thread);
        for (const ref of [r.parent, r.quote]) if (ref && !this.#floors.has(ref)) wanted.get('floor')!.add(ref);
        reader(r.author);
      } else reader(r.reader);
    }
    for (const [kind, ids] of wanted) {
      const list = [...ids];
      for (let i = 0; i < list.length; i += 500) {
        const chunk = list.slice(i, i + 500);
        const rows = await this.#db.kysely.selectFrom('import_records').select(['source_id', 'target'])
          .where('site_id', '=', this.#site.id).where('source', '=', this.#source).where('kind', '=', kind).where('source_id', 'in', chunk)
          .execute();
        for (const id of chunk) this.#prefetched.set(`${kind}\n${id}`, null);
        for (const row of rows) this.#prefetched.set(`${kind}\n${row.source_id}`, row.target);
      }
    }
  }

  /** Bodies are parsed before the transaction (parsing can refuse one; a transaction must not fail), known floors not at all. */
  #prepare(records: readonly Exclude<ImportRecord, { kind: 'bad' }>[], bad: { at: Position; message: string }[]): Prepared[] {
    const out: Prepared[] = [];
    for (const record of records) {
      if (record.kind !== 'floor') {
        out.push(record);
        continue;
      }
      if (this.#floors.has(record.id) || this.#prefetched.get(`floor\n${record.id}`)) {
        out.push({ record, source: '', json: '' });
        continue;
      }
      const source = clean(record.body).trim();
      try {
        out.push({ record, source, json: JSON.stringify(parseBody(source)) });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        bad.push({ at: record.at, message: `floor ${record.id}: ${error.message}` });
      }
    }
    return out;
  }

  /** Writes the records taken so far, in one transaction. */
  async flush(): Promise<void> {
    const records = this.#pending;
    if (records.length === 0) return;
    this.#pending = [];
    await this.#prefetch(records);
    const bad: { at: Position; message: string }[] = [];
    const batch = this.#prepare(records, bad);
    const counts = { ...this.summary.imported };
    let skipped = this.summary.skipped;
    this.#notes = [];
    this.#newReaders = 0;
    this.#remembered = [];
    const readers = new Map(this.#readers);
    const threads = new Map(this.#threads);
    const floors = new Map(this.#floors);
    try {
      await this.#db.kysely.transaction().execute(async (trx) => {
        for (const item of batch) {
          const result = await this.#write(trx, item);
          if (result === 'done') continue;
          if (result === 'skipped') skipped++;
          else if (typeof result === 'object') bad.push(result);
          else counts[result] = (counts[result] ?? 0) + 1;
        }
        await this.#writeRemembered(trx);
      });
    } catch (error) {
      // Nothing of the batch was written: what the caches learnt in it is not true either.
      this.#readers = new Bounded(readers);
      this.#threads = new Bounded(threads);
      this.#floors = new Bounded(floors);
      throw error;
    }
    counts.reader = (counts.reader ?? 0) + this.#newReaders;
    this.summary.imported = counts;
    this.summary.skipped = skipped;
    for (const b of [...bad, ...this.#notes]) this.bad(b.at, b.message);
    for (const page of this.#changed) this.#db.events.changed({ site: this.#site.id, page });
    this.#changed.clear();
  }

  async finish(): Promise<ImportSummary> {
    await this.flush();
    this.summary.seconds = (Date.now() - this.#started) / 1000;
    return this.summary;
  }

  async #known(trx: Trx, kind: Kind, id: string): Promise<string | undefined> {
    const prefetched = this.#prefetched.get(`${kind}\n${id}`);
    if (prefetched !== undefined) return prefetched ?? undefined;
    const row = await trx.selectFrom('import_records').select('target')
      .where('site_id', '=', this.#site.id).where('source', '=', this.#source).where('kind', '=', kind).where('source_id', '=', id)
      .executeTakeFirst();
    return row?.target;
  }

  /**
   * Records what a source id became. The rows are written with the batch, in a few multi-row
   * inserts in the same transaction; until then the batch finds them in `#prefetched`.
   */
  #remember(kind: Kind, id: string, target: string): void {
    this.#prefetched.set(`${kind}\n${id}`, target);
    this.#remembered.push({ kind, source_id: id, target });
  }

  async #writeRemembered(trx: Trx): Promise<void> {
    const rows = this.#remembered;
    this.#remembered = [];
    // 5 values a row: well under SQLite's and Postgres's limits on bound parameters.
    for (let i = 0; i < rows.length; i += 1000) {
      await trx.insertInto('import_records')
        .values(rows.slice(i, i + 1000).map((row) => ({ site_id: this.#site.id, source: this.#source, ...row })))
        .execute();
    }
  }

  #write(trx: Trx, item: Prepared): Promise<Kind | 'done' | 'skipped' | { at: Position; message: string }> {
    if ('record' in item) return this.#floor(trx, item);
    switch (item.kind) {
      case 'reader':
        // Readers are counted where they are made (authors and voters are made on first sight too).
        return this.#reader(trx, item).then((r) => (r.created ? 'done' : 'skipped'));
      case 'thread':
        return this.#thread(trx, item);
      case 'reaction':
        return this.#reaction(trx, item);
      case 'balance':
        return this.#balance(trx, item);
      case 'bad':
        return Promise.resolve({ at: item.at, message: item.message });
    }
  }

  /** The user a source's reader is here: found by the host user id they have, or made. */
  async #reader(trx: Trx, reader: ReaderRecord): Promise<{ id: string; created: boolean }> {
    const cached = this.#readers.get(reader.id);
    if (cached) return { id: cached, created: false };
    const known = await this.#known(trx, 'reader', reader.id);
    if (known) {
      this.#readers.set(reader.id, known);
      return { id: known, created: false };
    }
    const external = reader.external ?? `${GUEST_SUB_PREFIX}import-${this.#source}-${hash(reader.id)}`;
    const name = clean(reader.name).trim().slice(0, 100) || '?';
    // A reader who has an account here already (by host user id) keeps it: nothing is returned then.
    const row = await trx.insertInto('users').values({
      id: newId(), site_id: this.#site.id, external_id: external, name, avatar: reader.avatar ?? null,
      role: reader.external === undefined ? 'guest' : 'reader', created_at: new Date().toISOString(),
    }).onConflict((oc) => oc.columns(['site_id', 'external_id']).doNothing()).returning('id').executeTakeFirst()
      ?? await trx.selectFrom('users').select('id').where('site_id', '=', this.#site.id).where('external_id', '=', external).executeTakeFirstOrThrow();
    this.#remember('reader', reader.id, row.id);
    this.#readers.set(reader.id, row.id);
    this.#newReaders++;
    return { id: row.id, created: true };
  }

  async #threadOf(trx: Trx, sourceId: string): Promise<{ id: string; page: string } | undefined> {
    const cached = this.#threads.get(sourceId);
    if (cached) return cached;
    const known = await this.#known(trx, 'thread', sourceId);
    if (!known) return undefined;
    const row = await trx.selectFrom('threads').select(['id', 'page_key']).where('id', '=', known).executeTakeFirst();
    if (!row) return undefined;
    const thread = { id: row.id, page: row.page_key };
    this.#threads.set(sourceId, thread);
    return thread;
  }

  async #thread(trx: Trx, record: ThreadRecord): Promise<Kind | 'skipped'> {
    if (await this.#threadOf(trx, record.id)) return 'skipped';
    const author = record.author ? (await this.#reader(trx, record.author)).id : null;
    await trx.insertInto('threads').values({
      id: newId(), site_id: this.#site.id, page_key: record.page, url: record.url ? clean(record.url) : null,
      title: record.title ? clean(record.title).slice(0, 300) : null, author_user_id: author,
      created_at: record.createdAt ?? new Date().toISOString(),
    }).onConflict((oc) => oc.columns(['site_id', 'page_key']).doNothing()).execute();
    // A page that has a thread already (comments made before the import) gets the imported floors too.
    const row = await trx.selectFrom('threads').select(['id', 'author_user_id']).where('site_id', '=', this.#site.id).where('page_key', '=', record.page).executeTakeFirstOrThrow();
    if (author && !row.author_user_id) await trx.updateTable('threads').set({ author_user_id: author }).where('id', '=', row.id).execute();
    for (const [key, count] of Object.entries(record.counts ?? {})) await this.#count(trx, row.id, 1, key, count);
    this.#remember('thread', record.id, row.id);
    this.#threads.set(record.id, { id: row.id, page: record.page });
    this.#changed.add(record.page);
    return 'thread';
  }

  async #floorOf(trx: Trx, sourceId: string): Promise<{ thread: string; number: number; root: number; depth: number } | undefined> {
    const cached = this.#floors.get(sourceId);
    if (cached) return cached;
    const known = await this.#known(trx, 'floor', sourceId);
    if (!known) return undefined;
    const row = await trx.selectFrom('floors').select(['thread_id', 'number', 'root_number', 'depth']).where('id', '=', known).executeTakeFirst();
    if (!row) return undefined;
    const floor = { thread: row.thread_id, number: row.number, root: row.root_number ?? row.number, depth: row.depth };
    this.#floors.set(sourceId, floor);
    return floor;
  }

  async #count(trx: Trx, threadId: string, number: number, key: string, count: number): Promise<void> {
    if (!Number.isInteger(count) || count <= 0) return;
    await trx.insertInto('reaction_counts').values({ thread_id: threadId, floor_number: number, key, count })
      .onConflict((oc) => oc.columns(['thread_id', 'floor_number', 'key']).doUpdateSet((eb) => ({ count: eb('reaction_counts.count', '+', count) })))
      .execute();
    const score = (this.#reactions.byKey.get(key)?.score ?? 0) * count;
    if (number > 1 && score !== 0) {
      await trx.updateTable('floors').set((eb) => ({ score: eb('score', '+', score) })).where('thread_id', '=', threadId).where('number', '=', number).execute();
    }
  }

  async #floor(trx: Trx, { record, source, json }: { record: FloorRecord; source: string; json: string }): Promise<Kind | 'skipped' | { at: Position; message: string }> {
    if (this.#floors.has(record.id) || await this.#known(trx, 'floor', record.id)) return 'skipped';
    const thread = await this.#threadOf(trx, record.thread);
    if (!thread) return { at: record.at, message: `floor ${record.id}: its thread ${record.thread} is not in the import` };
    if (record.number !== undefined && (!Number.isInteger(record.number) || record.number < 2)) {
      return { at: record.at, message: `floor ${record.id}: number ${record.number} is not a reply's (replies are numbered from 2)` };
    }
    const parent = record.parent ? await this.#floorOf(trx, record.parent) : undefined;
    const quote = record.quote ? await this.#floorOf(trx, record.quote) : undefined;
    const notes: string[] = [];
    if (record.parent && parent?.thread !== thread.id) notes.push(`the floor it replies to (${record.parent}) is not in this thread's import: imported as a top-level reply`);
    const author = record.author ? (await this.#reader(trx, record.author)).id : null;
    const published = record.status === 'published';

    // The number: the source's own, or the next one, taken as posting takes it (UPDATE … RETURNING).
    const bumped = await trx.updateTable('threads')
      .set((eb) => ({
        last_floor: record.number === undefined
          ? eb('last_floor', '+', 1)
          : eb.case().when('last_floor', '<', record.number).then(record.number).else(eb.ref('last_floor')).end(),
        reply_count: eb('reply_count', '+', published ? 1 : 0),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', thread.id)
      .returning('last_floor')
      .executeTakeFirstOrThrow();
    const number = record.number ?? bumped.last_floor;
    const inParent = parent && parent.thread === thread.id && parent.number < number ? parent : undefined;
    const quoted = quote && quote.thread === thread.id && quote.number < number ? quote.number : null;
    if (record.quote && quoted === null) notes.push(`the floor it quotes (${record.quote}) is not an earlier floor of this thread: kept as text`);
    const id = newId();
    const inserted = await trx.insertInto('floors').values({
      id, thread_id: thread.id, number, kind: 'reply', author_user_id: author,
      parent_number: inParent ? inParent.number : null,
      ...nestedPlace(number, inParent ? { root: inParent.root, depth: inParent.depth } : undefined),
      quote_number: quoted, body_source: source, body_json: json, status: record.status, created_at: record.createdAt, edited_at: null,
    }).onConflict((oc) => oc.columns(['thread_id', 'number']).doNothing()).executeTakeFirst();
    if (!inserted.numInsertedOrUpdatedRows) {
      if (published) await trx.updateTable('threads').set((eb) => ({ reply_count: eb('reply_count', '-', 1) })).where('id', '=', thread.id).execute();
      return { at: record.at, message: `floor ${record.id}: floor ${number} of page "${thread.page}" exists already` };
    }
    if (published && inParent) {
      await trx.updateTable('floors').set((eb) => ({ descendants: eb('descendants', '+', 1) }))
        .where('thread_id', '=', thread.id).where('number', '=', inParent.root).execute();
    }
    for (const [key, count] of Object.entries(record.counts ?? {})) await this.#count(trx, thread.id, number, key, count);
    this.#remember('floor', record.id, id);
    const root = inParent ? inParent.root : number;
    this.#floors.set(record.id, { thread: thread.id, number, root, depth: inParent ? inParent.depth + 1 : 0 });
    this.#changed.add(thread.page);
    // Imported all the same: what could not be linked is said, with where it was.
    if (notes.length) this.#notes.push({ at: record.at, message: `floor ${record.id}: ${notes.join('; ')}` });
    return 'floor';
  }

  async #reaction(trx: Trx, record: ReactionRecord): Promise<Kind | 'skipped' | { at: Position; message: string }> {
    const thread = await this.#threadOf(trx, record.thread);
    const floor = record.floor === null ? null : await this.#floorOf(trx, record.floor);
    if (!thread || (record.floor !== null && floor?.thread !== thread.id)) {
      return { at: record.at, message: `reaction on ${record.floor ?? 'the article'}: not in the import` };
    }
    if (!this.#reactions.byKey.has(record.key)) return { at: record.at, message: `reaction "${record.key}" is not in this site's reaction set` };
    const user = await this.#reader(trx, record.reader);
    const number = floor ? floor.number : 1;
    const inserted = await trx.insertInto('reactions').values({
      site_id: this.#site.id, thread_id: thread.id, floor_number: number, actor: `u:${user.id}`, user_id: user.id, key: record.key, created_at: record.createdAt,
    }).onConflict((oc) => oc.columns(['thread_id', 'actor', 'floor_number', 'key']).doNothing()).executeTakeFirst();
    if (!inserted.numInsertedOrUpdatedRows) return 'skipped';
    await this.#count(trx, thread.id, number, record.key, 1);
    this.#changed.add(thread.page);
    return 'reaction';
  }

  async #balance(trx: Trx, record: BalanceRecord): Promise<Kind | 'skipped' | { at: Position; message: string }> {
    if (!Number.isSafeInteger(record.amount) || record.amount === 0) return { at: record.at, message: `balance of ${record.reader.id}: ${record.amount} is not a whole number of points` };
    const user = await this.#reader(trx, record.reader);
    const now = new Date().toISOString();
    const entry = await trx.insertInto('ledger_entries').values({
      site_id: this.#site.id, user_id: user.id, delta: record.amount, reason: 'import', ref: `${this.#source}:${record.what}`,
      idempotency_key: `import:${this.#source}:${record.what}:${record.reader.id}`, status: 'available', available_at: now, created_at: now,
    }).onConflict((oc) => oc.columns(['site_id', 'idempotency_key']).doNothing()).returning('id').executeTakeFirst();
    if (!entry) return 'skipped';
    await trx.insertInto('balances').values({ site_id: this.#site.id, user_id: user.id, balance: record.amount, pending: 0 })
      .onConflict((oc) => oc.columns(['site_id', 'user_id']).doUpdateSet((eb) => ({ balance: eb('balances.balance', '+', record.amount) })))
      .execute();
    return 'balance';
  }
}
