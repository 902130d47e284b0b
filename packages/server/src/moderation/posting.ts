import type { HoldCause } from '@teahouse/protocol';
import type { TokenUser } from '../auth/token.js';
import type { Database } from '../db/database.js';
import { ApiError } from '../errors.js';
import { parseBody } from '../rich-text/markdown.js';
import type { Site } from '../sites/sites.js';
import { clean } from '../db/ids.js';
import { viewerUser, type UserRow } from '../threads/users.js';
import { refuseBanned } from './bans.js';
import type { PostVerdict } from './hold.js';
import { moderationOf } from './settings.js';
import { isModeratorRole } from './visibility.js';
import { findWord, wordLists } from './words.js';

export type { PostVerdict } from './hold.js';

/** The 422 for a body with a banned word, naming the word so the writer can change it. */
const bannedWord = (word: string) =>
  new ApiError(422, 'validation_failed', `this site does not allow "${word}" in comments; please rephrase`, {
    issues: [{ path: ['body'], message: `contains the banned word "${word}"` }],
  });

function hasLink(nodes: readonly unknown[]): boolean {
  for (const node of nodes as { type: string; children?: unknown[] }[]) {
    if (node.type === 'link' || (node.children && hasLink(node.children))) return true;
  }
  return false;
}

/** Whether the commenter has a published floor on the site (the `first` policy holds until they do). */
async function hasPublished(db: Database, userId: string): Promise<boolean> {
  const row = await db.kysely.selectFrom('floors').select('id')
    .where('author_user_id', '=', userId).where('status', '=', 'published').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Runs a body through the site's moderation. Refuses a banned commenter (403 saying until when)
 * and a banned word (422 naming it); answers which floor to write: held for review by a suspect
 * word or a pre-moderation policy, and shadowed for a shadow-banned commenter. Moderators and
 * admins are held by nothing but banned words.
 */
async function judge(db: Database, site: Site, user: UserRow, body: string, policies: boolean): Promise<PostVerdict> {
  const bans = await refuseBanned(db, site.id, user.id, policies ? 'posting' : 'editing');
  const words = await wordLists(db, site.id);
  const banned = findWord(body, words.banned);
  if (banned !== null) throw bannedWord(banned);
  const verdict = (hold: HoldCause | null): PostVerdict => ({ status: hold ? 'pending' : 'published', shadow: bans.shadow, hold });
  if (isModeratorRole(user.role)) return verdict(null);
  const suspect = findWord(body, words.suspect);
  if (suspect !== null) return verdict({ rule: 'suspect', word: suspect });
  const { premoderation } = moderationOf(site);
  if (premoderation === 'links' && hasLink(parseBody(clean(body)).children)) return verdict({ rule: 'links' });
  if (!policies) return verdict(null);
  if (premoderation === 'all') return verdict({ rule: 'all' });
  if (premoderation === 'first' && !(await hasPublished(db, user.id))) return verdict({ rule: 'first' });
  return verdict(null);
}

/** Moderation of a new floor, before it is written; pass the verdict to `createFloor`. */
export async function moderatePost(db: Database, site: Site, author: TokenUser, input: { body: string }): Promise<PostVerdict> {
  return judge(db, site, await viewerUser(db, site, author), input.body, true);
}

/**
 * Moderation of an edit: bans and banned words as for a post; a suspect word, or a link on a site
 * that holds posts with links, sends the floor back to review. `all` and `first` do not hold edits:
 * the floor was approved once.
 */
export async function moderateEdit(db: Database, site: Site, author: TokenUser, body: string): Promise<PostVerdict> {
  return judge(db, site, await viewerUser(db, site, author), body, false);
}
