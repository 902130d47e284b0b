import type { Floor, ModerationOutcome, Notice, NoticeActor, NoticeKind, RootNode } from '@teahouse/protocol';
import { excerpt } from '@teahouse/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import type { Work } from '../db/work.js';
import type { Site } from '../sites/sites.js';
import { wakeReader } from './hub.js';
import type { NoticesTable } from './schema.js';
import { enqueueCommentWebhook, wantsWebhook } from './webhooks.js';

/** Readers one floor may @mention and notify; names past these are left as text. */
export const MAX_MENTIONED = 30;
const MAX_ACTORS = 3;

/** Who did what caused a notice. */
export interface NoticeCause {
  /** The user id of who acted, so nobody is told of their own action; null for the system or a visitor. */
  id: string | null;
  name?: string;
  avatar?: string | null;
}

export interface NewNotice {
  kind: NoticeKind;
  recipient: string;
  /** Events with the same key join the recipient's unread notice of that key. */
  group: string;
  thread: { id: string; page: string; url?: string | null; title?: string | null };
  floor: number | null;
  actor: NoticeCause;
  excerpt: string;
  outcome?: ModerationOutcome;
  points?: number;
  reason?: string;
}

interface NoticeData {
  outcome?: ModerationOutcome;
  points?: number;
  reason?: string;
}

type Row = Selectable<NoticesTable>;

/** A stored notice as the API shows it. */
export function toNotice(row: Row & { page_key: string; url: string | null; title: string | null }): Notice {
  const data = JSON.parse(row.data) as NoticeData;
  return {
    id: String(row.id),
    kind: row.kind as NoticeKind,
    page: row.page_key,
    url: row.url,
    title: row.title,
    floor: row.floor_number,
    actors: JSON.parse(row.actors) as NoticeActor[],
    count: row.count,
    excerpt: row.excerpt,
    ...(data.outcome ? { outcome: data.outcome } : {}),
    ...(data.points !== undefined ? { points: data.points } : {}),
    ...(data.reason ? { reason: data.reason } : {}),
    read: row.read_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Adds a notice inside the unit of work that made the event, or folds it into the recipient's
 * unread notice of the same group ("3 人回复了你"). Nobody is told of their own action. After
 * the commit the recipient's streams are woken; the mail dispatcher picks the notice up from
 * the table (it is its own outbox: `mailed_at` is null until mail covered it).
 */
export async function addNotice(work: Work, site: Site, input: NewNotice): Promise<void> {
  if (input.actor.id !== null && input.actor.id === input.recipient) return;
  const { trx } = work;
  const at = new Date().toISOString();
  const actor: NoticeActor[] = input.actor.name ? [{ name: input.actor.name, avatar: input.actor.avatar ?? null }] : [];
  const data: NoticeData = {
    ...(input.outcome ? { outcome: input.outcome } : {}),
    ...(input.points !== undefined ? { points: input.points } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  };
  const open = await trx.selectFrom('notices').select(['id', 'actors', 'count', 'data'])
    .where('site_id', '=', site.id).where('user_id', '=', input.recipient)
    .where('group_key', '=', input.group).where('read_at', 'is', null)
    .executeTakeFirst();
  let id: string;
  if (open) {
    const before = JSON.parse(open.actors) as NoticeActor[];
    const actors = [...actor, ...before.filter((a) => !actor.some((b) => b.name === a.name))].slice(0, MAX_ACTORS);
    const old = JSON.parse(open.data) as NoticeData;
    const merged: NoticeData = { ...old, ...data, ...(data.points !== undefined ? { points: (old.points ?? 0) + data.points } : {}) };
    await trx.updateTable('notices')
      .set((eb) => ({
        count: eb('count', '+', 1), actors: JSON.stringify(actors), data: JSON.stringify(merged),
        excerpt: input.excerpt, floor_number: input.floor, updated_at: at, mailed_at: null,
      }))
      .where('id', '=', open.id).execute();
    id = String(open.id);
  } else {
    const row = await trx.insertInto('notices').values({
      site_id: site.id, user_id: input.recipient, kind: input.kind, group_key: input.group, thread_id: input.thread.id,
      floor_number: input.floor, actors: JSON.stringify(actor), count: 1, excerpt: input.excerpt, data: JSON.stringify(data),
      read_at: null, mailed_at: null, created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    id = String(row.id);
  }
  work.afterCommit(`notices:${site.id}:${input.recipient}`, wakeReader(site.id, input.recipient));
  if (wantsWebhook(site, 'notification.created')) {
    const stored = await trx.selectFrom('notices as n').innerJoin('threads as t', 't.id', 'n.thread_id')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .selectAll('n').select(['t.page_key', 't.url', 't.title', 'u.external_id'])
      .where('n.id', '=', id).executeTakeFirstOrThrow();
    await enqueueCommentWebhook(work, site, 'notification.created', { page: stored.page_key, user: stored.external_id, notice: toNotice(stored) });
  }
}

/** The mentioned names of a body, once each. */
function mentionedNames(body: RootNode): string[] {
  const names = new Set<string>();
  const walk = (node: { type: string; value?: string; children?: unknown[] }) => {
    if (node.type === 'mention' && typeof node.value === 'string') names.add(node.value);
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(body as unknown as Parameters<typeof walk>[0]);
  return [...names].slice(0, MAX_MENTIONED);
}

/**
 * The notices a floor coming into public view brings, in its unit of work: the author of the
 * floor it replies to (the article's author for a top-level reply), of the floor it quotes, and
 * readers it @mentions. One notice per reader: a reply that also quotes and mentions the same
 * reader tells them once, as a reply.
 */
export async function floorNotices(
  work: Work,
  site: Site,
  thread: { id: string; page: string; author_user_id: string | null },
  floor: Floor,
  authorId: string,
): Promise<void> {
  const { trx } = work;
  const refs = [floor.parent, floor.quote?.number].filter((n): n is number => typeof n === 'number' && n > 1);
  const authors = new Map<number, string>();
  if (refs.length > 0) {
    const rows = await trx.selectFrom('floors').select(['number', 'author_user_id'])
      .where('thread_id', '=', thread.id).where('number', 'in', [...new Set(refs)]).where('status', '=', 'published').where('shadow', '=', 0)
      .execute();
    for (const row of rows) if (row.author_user_id) authors.set(row.number, row.author_user_id);
  }
  const told = new Set<string>([authorId]);
  const text = excerpt(floor.body);
  const base = {
    thread: { id: thread.id, page: thread.page }, floor: floor.number, excerpt: text,
    actor: { id: authorId, name: floor.author?.name ?? '', avatar: floor.author?.avatar ?? null },
  };
  const tell = async (recipient: string | null | undefined, kind: NoticeKind, group: string) => {
    if (!recipient || told.has(recipient)) return;
    told.add(recipient);
    await addNotice(work, site, { ...base, kind, recipient, group });
  };
  const parent = typeof floor.parent === 'number' && floor.parent > 1 ? floor.parent : null;
  if (parent !== null) await tell(authors.get(parent), 'reply', `reply:${thread.id}:${parent}`);
  else await tell(thread.author_user_id, 'reply', `reply:${thread.id}:1`);
  if (floor.quote) await tell(authors.get(floor.quote.number), 'quote', `quote:${thread.id}:${floor.quote.number}`);
  const names = mentionedNames(floor.body);
  if (names.length > 0) {
    const rows = await trx.selectFrom('users').select(['id'])
      .where('site_id', '=', site.id).where('name', 'in', names).limit(MAX_MENTIONED).execute();
    const mentioned = rows.map((r) => r.id).filter((id) => !told.has(id));
    if (wantsWebhook(site, 'notification.created')) {
      for (const id of mentioned) await tell(id, 'mention', `mention:${floor.id}`);
    } else if (mentioned.length > 0) {
      // A mention's group is its floor: nothing to fold into, so every reader's notice goes in one insert.
      const at = new Date().toISOString();
      const actors = JSON.stringify(base.actor.name ? [{ name: base.actor.name, avatar: base.actor.avatar }] : []);
      await trx.insertInto('notices').values(mentioned.map((recipient) => ({
        site_id: site.id, user_id: recipient, kind: 'mention', group_key: `mention:${floor.id}`, thread_id: thread.id,
        floor_number: floor.number, actors, count: 1, excerpt: text, data: '{}', read_at: null, mailed_at: null, created_at: at, updated_at: at,
      }))).execute();
      for (const recipient of mentioned) work.afterCommit(`notices:${site.id}:${recipient}`, wakeReader(site.id, recipient));
    }
  }
  await enqueueCommentWebhook(work, site, 'comment.created', { page: thread.page, floor, actor: await externalId(trx, authorId) });
}

/** A moderator's action on a reader's floor, told to its author. */
export async function moderationNotice(
  work: Work,
  site: Site,
  floor: { id: string; thread_id: string; page: string; number: number; author_user_id: string | null; body_json?: string },
  outcome: ModerationOutcome,
  actorId: string | null,
): Promise<void> {
  if (!floor.author_user_id) return;
  const body = floor.body_json ?? (await work.trx.selectFrom('floors').select('body_json').where('id', '=', floor.id).executeTakeFirst())?.body_json;
  await addNotice(work, site, {
    kind: 'moderation', recipient: floor.author_user_id, group: `moderation:${floor.id}:${outcome}:${Date.now()}`,
    thread: { id: floor.thread_id, page: floor.page }, floor: floor.number,
    actor: { id: actorId }, excerpt: body ? excerpt(JSON.parse(body) as RootNode) : '', outcome,
  });
}

/** Points awarded to a reader for what others did (a share's visit, reactions received). */
export async function awardNotice(
  work: Work,
  site: Site,
  entry: { user_id: string; delta: number; reason: string },
  threadId: string | undefined,
): Promise<void> {
  if (!threadId || (entry.reason !== 'share' && entry.reason !== 'reaction_received')) return;
  const thread = await work.trx.selectFrom('threads').select(['id', 'page_key']).where('id', '=', threadId).executeTakeFirst();
  if (!thread) return;
  await addNotice(work, site, {
    kind: 'award', recipient: entry.user_id, group: `award:${thread.id}:${entry.reason}`,
    thread: { id: thread.id, page: thread.page_key }, floor: null, actor: { id: null }, excerpt: '',
    points: entry.delta, reason: entry.reason,
  });
}

export async function externalId(trx: Kysely<Tables>, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const row = await trx.selectFrom('users').select('external_id').where('id', '=', userId).executeTakeFirst();
  return row?.external_id ?? null;
}

/** The reader's notices, newest activity first, with the unread count. */
export async function listNotices(
  db: Database,
  siteId: string,
  userId: string,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: Notice[]; unread: number; next: string | null }> {
  let query = db.kysely.selectFrom('notices as n').innerJoin('threads as t', 't.id', 'n.thread_id')
    .selectAll('n').select(['t.page_key', 't.url', 't.title'])
    .where('n.site_id', '=', siteId).where('n.user_id', '=', userId);
  if (cursor !== undefined) {
    // The cursor is the id of the last notice shown; its updated_at orders the rest.
    const last = await db.kysely.selectFrom('notices').select(['updated_at', 'id'])
      .where('site_id', '=', siteId).where('user_id', '=', userId).where('id', '=', idParam(db, cursor)).executeTakeFirst();
    if (last) {
      query = query.where((eb) => eb.or([
        eb('n.updated_at', '<', last.updated_at),
        eb.and([eb('n.updated_at', '=', last.updated_at), eb('n.id', '<', last.id)]),
      ]));
    }
  }
  const rows = await query.orderBy('n.updated_at', 'desc').orderBy('n.id', 'desc').limit(limit + 1).execute();
  const items = rows.slice(0, limit).map(toNotice);
  return { items, unread: await unreadCount(db, siteId, userId), next: rows.length > limit ? items.at(-1)!.id : null };
}

export async function unreadCount(db: Database | Kysely<Tables>, siteId: string, userId: string): Promise<number> {
  const k = 'kysely' in db ? db.kysely : db;
  const row = await k.selectFrom('notices').select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('site_id', '=', siteId).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

const idParam = (db: Database, id: string): number | string => (db.dialect === 'sqlite' ? Number(id) : id);

/** Marks the reader's notices read (some by id, or all); answers the unread count after. */
export async function markRead(db: Database, siteId: string, userId: string, input: { ids?: string[] | undefined; all?: boolean | undefined }): Promise<number> {
  return db.write(async (work) => {
    const at = new Date().toISOString();
    const ids = input.ids ?? [];
    if (input.all === true || ids.length > 0) {
      let update = work.trx.updateTable('notices').set({ read_at: at })
        .where('site_id', '=', siteId).where('user_id', '=', userId).where('read_at', 'is', null);
      if (input.all !== true) update = update.where('id', 'in', ids.map((id) => idParam(db, id)));
      const done = await update.executeTakeFirst();
      if (Number(done.numUpdatedRows) > 0) work.afterCommit(`notices:${siteId}:${userId}`, wakeReader(siteId, userId));
    }
    return unreadCount(work.trx, siteId, userId);
  });
}
