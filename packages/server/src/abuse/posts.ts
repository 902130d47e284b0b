import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { Tables } from '../db/schema.js';
import { ApiError } from '../errors.js';
import type { Site } from '../sites/sites.js';
import type { PostCheck } from '../threads/floors.js';
import { ipKey, limitRate, limitsFor, refuseFlood, takeFloodSlot } from './guard.js';

/** Bodies shorter than this (after normalizing) count as duplicates only within one thread: "顶" and "+1" are fair elsewhere. */
export const SHORT_BODY = 10;
/** Recent posts a check reads at most; more than this within the windows is refused by the rate limits first. */
const RECENT_LIMIT = 200;

/** The text two posts are compared by: NFKC, lowercase, without whitespace or invisible characters. */
/** A reader's replies since a moment, newest first: what flood control and duplicates compare with. */
const recentPosts = prepared((k: Kysely<Tables>, userId: string, since: string) => k
  .selectFrom('floors as f')
  .innerJoin('threads as t', 't.id', 'f.thread_id')
  .select(['f.body_source', 'f.created_at', 't.page_key'])
  .where('f.author_user_id', '=', userId)
  .where('f.kind', '=', 'reply')
  .where('f.created_at', '>', since)
  .orderBy('f.created_at', 'desc')
  .limit(RECENT_LIMIT), 2);

export function normalizeBody(body: string): string {
  return body.normalize('NFKC').toLowerCase().replace(/[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]+/gu, '');
}

/** Who is posting: the `sub` createFloor stores the author under, and whether they are a guest. */
export interface PostAuthor {
  sub: string;
  /** Guests are also held to flood control by address, since a new guest name costs nothing. */
  guest?: boolean | undefined;
}

/**
 * Everything a new post must pass, in one call placed before `createFloor`: the `posts` rate
 * limits (per reader and per address; only posts that are made count), flood control (one post
 * per `floodSeconds` per reader, and per address for guests) and duplicate rejection (the same
 * reader posting the same text within `duplicateSeconds`). Throws 429 `rate_limited` with
 * `Retry-After`, or 409 `duplicate_post`.
 *
 * Flood control and duplicates read the author's recent floors from the database, so they hold
 * across restarts and instances without Redis. That read must see every post before this one,
 * those committed in the same group commit included, so it runs inside the post's unit of work:
 * the returned check goes to `createFloor` (`{ check }`). A provisional flood slot in the rate
 * limit store also stops two posts sent at the same moment, and is given back when the post fails.
 */
export async function guardPost(
  c: Context,
  db: Database,
  site: Site,
  author: PostAuthor,
  input: { page: string; body: string },
): Promise<PostCheck | undefined> {
  await limitRate(c, site, 'posts', author.sub, { provisional: true });
  const { floodSeconds, duplicateSeconds } = limitsFor(c, site);
  if (floodSeconds > 0) {
    await takeFloodSlot(c, `${site.id}:flood:u:${author.sub}`, floodSeconds, 'a reader');
    if (author.guest) await takeFloodSlot(c, `${site.id}:flood:ip:${ipKey(c)}`, floodSeconds, 'a guest');
  }
  const span = Math.max(floodSeconds, duplicateSeconds);
  if (span === 0) return undefined;
  const now = Date.now();
  const text = normalizeBody(input.body);
  return async (trx, user) => {
    // Postgres: two posts of one reader take turns on their user row; SQLite runs units one by one.
    if (db.dialect === 'postgres') await trx.selectFrom('users').select('id').where('id', '=', user.id).forUpdate().execute();
    const recent = await recentPosts(trx, user.id, new Date(now - span * 1000).toISOString());
    const last = recent[0];
    if (floodSeconds > 0 && last) {
      const wait = Date.parse(last.created_at) + floodSeconds * 1000 - now;
      if (wait > 0) refuseFlood(c, wait, floodSeconds, 'a reader');
    }
    if (duplicateSeconds > 0) {
      const since = now - duplicateSeconds * 1000;
      const same = recent.find((r) => Date.parse(r.created_at) > since && normalizeBody(r.body_source) === text
        && (r.page_key === input.page || text.length >= SHORT_BODY));
      if (same) {
        throw new ApiError(409, 'duplicate_post', `you posted the same text ${same.page_key === input.page ? 'in this thread' : 'elsewhere'} a moment ago`);
      }
    }
  };
}
