import type { Floor } from '@teahouse/protocol';
import type { TokenUser } from '../auth/token.js';
import type { Database } from '../db/database.js';
import { recordEvent } from '../events/events.js';
import { ApiError, notFound } from '../errors.js';
import { parseBody } from '../rich-text/markdown.js';
import { installedStickers } from '../stickers/stickers.js';
import type { Site } from '../sites/sites.js';
import { clean } from '../db/ids.js';
import { floorQuery, toFloor } from './mapping.js';
import { findThread } from './threads.js';
import { checkLength, checkLinks, limitsOf } from './limits.js';
import { holdForReview, type PostVerdict } from '../moderation/hold.js';
import { changeFloor, lockFloor } from '../moderation/transition.js';
import { settle } from '../moderation/actions.js';
import { enqueueCommentWebhook } from '../notifications/webhooks.js';

const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
const conflict = (message: string) => new ApiError(409, 'conflict', message);

type Change = { kind: 'edit'; source: string; verdict?: PostVerdict | undefined } | { kind: 'delete' };

/**
 * Edits or deletes the caller's own floor within the site's edit window. The floor row is
 * changed only while still published (a conditional UPDATE), so an edit racing a deletion
 * cannot bring a tombstone back; the event is recorded in the same transaction.
 */
async function change(db: Database, site: Site, user: TokenUser, page: string, number: number, what: Change): Promise<Floor> {
  let body: ReturnType<typeof parseBody> | undefined;
  if (what.kind === 'edit') {
    checkLength(site, what.source);
    const source = clean(what.source);
    body = parseBody(source, await installedStickers(db, site.id, source));
    checkLinks(site, body);
  }
  if (number === 1) throw forbidden('floor 1 is the article; it is edited by the host');
  const thread = await findThread(db, site.id, page);
  if (!thread) throw notFound(`no thread for page "${page}"`);
  const floor = await db.kysely
    .selectFrom('floors as f')
    .leftJoin('users as u', 'u.id', 'f.author_user_id')
    .select(['f.id', 'f.status', 'f.created_at', 'f.kind', 'u.external_id'])
    .where('f.thread_id', '=', thread.id)
    .where('f.number', '=', number)
    .executeTakeFirst();
  if (!floor) throw notFound(`no floor ${number} in this thread`);
  if (floor.external_id !== user.sub || floor.kind !== 'reply') {
    throw forbidden(`only the author may ${what.kind} this floor`);
  }
  if (floor.status === 'deleted') throw conflict('this floor has been deleted');
  const { editWindowSeconds } = limitsOf(site);
  const age = (Date.now() - Date.parse(floor.created_at)) / 1000;
  if (!(age <= editWindowSeconds)) {
    const minutes = Math.round(editWindowSeconds / 60);
    throw conflict(`floors can be ${what.kind === 'edit' ? 'edited' : 'deleted'} only in the first ${minutes} minutes after posting`);
  }
  if (floor.status !== 'published') throw conflict(`this floor is ${floor.status} and cannot be changed now`);

  return db.write(async (work) => {
    const { trx } = work;
    // The thread's lock first, as every moderation change takes it.
    const state = await lockFloor(trx, site.id, floor.id);
    if (!state) throw notFound(`no floor ${number} in this thread`);
    const now = new Date().toISOString();
    const set = what.kind === 'edit'
      ? { body_source: clean(what.source), body_json: JSON.stringify(body), edited_at: now }
      : { body_source: '', body_json: '{"type":"root","children":[]}', status: 'deleted' as const };
    const updated = await trx
      .updateTable('floors')
      .set(set)
      .where('id', '=', floor.id)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict('this floor changed meanwhile; reload and try again');
    const own = { kind: 'reader', userId: state.author_user_id ?? '' } as const;
    const ref = { id: thread.id, site: site.id, page };
    work.touch(ref);
    if (what.kind === 'delete') await settle(trx, floor.id);
    // An edit with a suspect word goes back to review: readers lose the floor until a moderator approves it.
    const hold = what.kind === 'edit' && what.verdict?.status === 'pending';
    if (hold) {
      await changeFloor(work, site.id, state, { status: 'pending', pinned_at: null });
      await holdForReview(trx, site.id, thread.id, floor.id, what.verdict!.hold);
    }
    const row = await floorQuery(trx, thread.id).where('f.id', '=', floor.id).executeTakeFirstOrThrow();
    // A shadowed floor is news to nobody but its author, who is not told.
    if (!hold && !row.shadow) {
      await recordEvent(work, ref, { type: 'floor.updated', floor: toFloor(row, thread.author_user_id) });
      await enqueueCommentWebhook(work, site, what.kind === 'edit' ? 'comment.edited' : 'comment.deleted', {
        page, floor: toFloor(row, thread.author_user_id), actor: user.sub,
      });
    }
    return toFloor(row, thread.author_user_id, own);
  });
}

/** `verdict` (from `moderateEdit`) sends the floor back to review when it holds it. */
export const editFloor = (db: Database, site: Site, user: TokenUser, page: string, number: number, source: string, verdict?: PostVerdict) =>
  change(db, site, user, page, number, { kind: 'edit', source, verdict });

export const deleteFloor = (db: Database, site: Site, user: TokenUser, page: string, number: number) =>
  change(db, site, user, page, number, { kind: 'delete' });

/** The Markdown source of the caller's own floor, for their edit form. */
export async function floorSource(db: Database, site: Site, user: TokenUser, page: string, number: number): Promise<string> {
  const thread = await findThread(db, site.id, page);
  if (!thread) throw notFound(`no thread for page "${page}"`);
  const row = await db.kysely
    .selectFrom('floors as f')
    .leftJoin('users as u', 'u.id', 'f.author_user_id')
    .select(['f.body_source', 'f.status', 'u.external_id'])
    .where('f.thread_id', '=', thread.id)
    .where('f.number', '=', number)
    .executeTakeFirst();
  if (!row) throw notFound(`no floor ${number} in this thread`);
  if (row.external_id !== user.sub) throw forbidden('only the author may read the source of this floor');
  if (row.status !== 'published') throw conflict(`this floor is ${row.status}`);
  return row.body_source;
}

/** Parses a body under the site's limits, as a post would be, without writing anything. */
export async function previewBody(db: Database, site: Site, source: string) {
  checkLength(site, source);
  const text = clean(source);
  const body = parseBody(text, await installedStickers(db, site.id, text));
  checkLinks(site, body);
  return body;
}
