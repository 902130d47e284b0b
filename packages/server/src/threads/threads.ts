import type { Thread } from '@teahouse/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { TokenUser } from '../auth/token.js';
import type { Database } from '../db/database.js';
import { clean, newId, now } from '../db/ids.js';
import { prepared } from '../db/prepared.js';
import type { Tables, ThreadsTable } from '../db/schema.js';
import type { Work } from '../db/work.js';
import type { Site } from '../sites/sites.js';
import { toAuthor, upsertUser, type UserRow } from './users.js';

export type ThreadRow = Selectable<ThreadsTable>;

/** A thread with its author (楼主), as pages show it. */
export type ThreadWithAuthor = ThreadRow & { author: UserRow | null };

/** What a listing needs to know of its thread. */
export type ListedThread = Pick<ThreadRow, 'id' | 'author_user_id'> | null;

const threadOfPage = prepared((k: Kysely<Tables>, siteId: string, page: string) => k
  .selectFrom('threads as t')
  .leftJoin('users as a', 'a.id', 't.author_user_id')
  .selectAll('t')
  .select(['a.name as a_name', 'a.avatar as a_avatar', 'a.role as a_role'])
  .where('t.site_id', '=', siteId)
  .where('t.page_key', '=', page), 2);

export async function findThread(db: Database | Kysely<Tables>, siteId: string, page: string): Promise<ThreadWithAuthor | null> {
  const kysely = 'kysely' in db ? db.kysely : db;
  const [row] = await threadOfPage(kysely, siteId, page);
  if (!row) return null;
  const { a_name, a_avatar, a_role, ...thread } = row;
  const author = thread.author_user_id && a_name !== null && a_role !== null
    ? { id: thread.author_user_id, name: a_name, avatar: a_avatar, role: a_role }
    : null;
  return { ...thread, author };
}

export function toThread(siteId: string, page: string, row: ThreadWithAuthor | null): Thread {
  if (!row) {
    return { id: null, site: siteId, page, url: null, title: null, author: null, replyCount: 0, lastFloor: 1, createdAt: null };
  }
  return {
    id: row.id,
    site: siteId,
    page,
    url: row.url,
    title: row.title,
    author: row.author ? toAuthor(row.author) : null,
    replyCount: row.reply_count,
    lastFloor: row.last_floor,
    createdAt: row.created_at,
  };
}

/**
 * A thread is created on first use of its page: this inserts it inside the change that needs
 * it, or leaves an existing one as it is (its URL, title and author are those of its first use).
 */
export async function insertThreadIfMissing(
  trx: Kysely<Tables>,
  site: Site,
  page: { page: string; url?: string | undefined; title?: string | undefined; authorId?: string | null | undefined },
): Promise<void> {
  await trx
    .insertInto('threads')
    .values({
      id: newId(),
      site_id: site.id,
      page_key: page.page,
      url: page.url ? clean(page.url) : null,
      title: page.title ? clean(page.title) : null,
      author_user_id: page.authorId ?? null,
      created_at: now(),
    })
    .onConflict((oc) => oc.columns(['site_id', 'page_key']).doNothing())
    .execute();
}

/** Creates the thread (without a floor) and names its author, for seeding. */
export async function ensureThread(
  db: Database,
  site: Site,
  input: { page: string; url?: string | undefined; title?: string | undefined; author?: TokenUser | undefined },
): Promise<void> {
  await db.write(async (work: Work) => {
    const author = input.author ? await upsertUser(work.trx, site, input.author) : null;
    await insertThreadIfMissing(work.trx, site, { ...input, authorId: author?.id });
    const thread = await work.trx
      .updateTable('threads')
      .set((eb) => (author ? { author_user_id: author.id, version: eb('version', '+', 1) } : { version: eb('version', '+', 1) }))
      .where('site_id', '=', site.id)
      .where('page_key', '=', input.page)
      .returning('id')
      .executeTakeFirstOrThrow();
    work.claimVersion(thread.id);
    work.touch({ id: thread.id, site: site.id, page: input.page });
  });
}

/** Reply counts of many pages of a site in one indexed read of the threads table. */
export async function countReplies(db: Database, siteId: string, pages: readonly string[]): Promise<Record<string, number>> {
  const unique = [...new Set(pages)];
  const rows = await db.kysely
    .selectFrom('threads')
    .select(['page_key', 'reply_count'])
    .where('site_id', '=', siteId)
    .where('page_key', 'in', unique)
    .execute();
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const page of unique) counts[page] = 0;
  for (const row of rows) counts[row.page_key] = row.reply_count;
  return { ...counts };
}
