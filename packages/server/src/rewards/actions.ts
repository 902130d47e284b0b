import type { Database } from '../db/database.js';
import type { Work } from '../db/work.js';
import type { Site } from '../sites/sites.js';
import { award, balanceOf } from './ledger.js';
import { findRule, rewardsOf } from './settings.js';

/**
 * Awards the `reply` rule for a new floor, inside the posting unit of work (which already holds
 * the thread's row). One award per floor, within the rule's limit and the caps; never fails a post
 * for a limit reached.
 */
export async function awardReply(work: Work, site: Site, userId: string, threadId: string, floorId: string): Promise<void> {
  const rule = findRule(rewardsOf(site), 'reply');
  if (!rule) return;
  await award(work, { site, userId, rule, threadId, object: floorId, ref: `floor:${floorId}` });
}

/**
 * Awards the `reaction_received` rule to a floor's author for a reaction by someone else,
 * inside the reaction's unit of work. One award per reactor, floor and cycle: taking a reaction
 * back and giving it again earns nothing more.
 */
export async function awardReactionReceived(
  work: Work,
  site: Site,
  input: { authorUserId: string | null; reactorUserId: string | null; threadId: string; floorNumber: number },
): Promise<void> {
  if (!input.authorUserId || !input.reactorUserId || input.authorUserId === input.reactorUserId || input.floorNumber < 2) return;
  const rule = findRule(rewardsOf(site), 'reaction_received');
  if (!rule) return;
  const floor = await work.trx.selectFrom('floors').select('id').where('thread_id', '=', input.threadId).where('number', '=', input.floorNumber).executeTakeFirst();
  if (!floor) return;
  await award(work, {
    site, userId: input.authorUserId, rule, threadId: input.threadId,
    object: `${floor.id}:${input.reactorUserId}`, ref: `floor:${floor.id}`,
  });
}

/** The daily check-in (`daily_visit`): once per cycle. */
export async function checkin(db: Database, site: Site, userId: string): Promise<{ earned: boolean; points: number; balance: number }> {
  const rule = findRule(rewardsOf(site), 'daily_visit');
  let earned = false;
  if (rule) {
    const result = await db.write((work) => award(work, { site, userId, rule, ref: null }));
    earned = result.status === 'awarded';
  }
  const { balance } = await balanceOf(db, site.id, userId);
  return { earned, points: rule?.points ?? 0, balance };
}
