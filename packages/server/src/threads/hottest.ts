import { DEFAULT_PAGE_SIZE, type FloorPage } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { invalid } from '../errors.js';
import { PUBLIC, visibleWhere, type Scope } from '../moderation/visibility.js';
import { floorQuery, toFloor } from './mapping.js';
import type { ListedThread } from './threads.js';

const HOT_CURSOR = /^v1\.h\.(-?\d{1,10})\.(\d{1,10})$/;

/** Cursors of the hottest sort carry the last score and number served. */
export function encodeHotCursor(score: number, number: number): string {
  return Buffer.from(`v1.h.${score}.${number}`).toString('base64url');
}

export function decodeHotCursor(cursor: string): { score: number; number: number } {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('latin1') : '';
  const match = HOT_CURSOR.exec(text);
  const score = Number(match?.[1]);
  const number = Number(match?.[2]);
  if (!match || Math.abs(score) > 2_147_483_647 || !(number >= 1 && number <= 2_147_483_647)) {
    throw invalid('the cursor is not one this server gave out for sort=hottest', [{ path: ['cursor'], message: 'invalid cursor' }]);
  }
  return { score, number };
}

/**
 * Floors by score, highest first, ties in floor order: a keyset page on (score desc, number asc)
 * that walks the `floors_thread_score_number` index.
 */
export async function listHottest(
  db: Database,
  thread: ListedThread,
  options: { limit?: number | undefined; cursor?: string | undefined; scope?: Scope | undefined },
): Promise<FloorPage> {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const after = options.cursor === undefined ? undefined : decodeHotCursor(options.cursor);
  if (!thread) return { floors: [], next: null };
  const scope = options.scope ?? PUBLIC;
  let query = floorQuery(db.kysely, thread.id).select('f.score').where(visibleWhere(scope));
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('f.score', '<', after.score), eb.and([eb('f.score', '=', after.score), eb('f.number', '>', after.number)])]),
    );
  }
  const rows = await query.orderBy('f.score', 'desc').orderBy('f.number', 'asc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    floors: page.map((row) => toFloor(row, thread.author_user_id, scope)),
    next: rows.length > limit && last ? encodeHotCursor(Number(last.score), last.number) : null,
  };
}
