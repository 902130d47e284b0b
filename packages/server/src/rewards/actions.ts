import type { Database } from '../db/database.js';
import type { Site } from '../sites/sites.js';
import { award, balanceOf, type Executor } from './ledger.js';
import { findRule, rewardsOf } from './settings.js';
import { kickWebhooks } from './webhooks.js';

/**
 * Awards the `reply` rule for a new floor, inside the posting transaction (which already holds
 * the thread's row). One award per floor, within the rule's limit and the caps; never fails a post
 * for a limit reached.
 */
export async function awardReply(trx: Executor, site: Site, userId: string, threadId: string, floorId: string): Promise<void> {
  const rule = findRule(rewardsOf(site), 'reply');
  if (!rule) return;
  await award(trx, { site, userId, rule, threadId, object: floorId, ref: `floor:${floorId}` });
}

/**
 * Awards the `reaction_received` rule to a floor's author for a reaction by someone else,
 * inside the reaction's transaction. One award per reactor, floor and cycle: taking a reaction
 * back and giving it again earns nothing more.
 */
export async function awardReactionReceived(
  trx: Executor,
  site: Site,
  input: { authorUserId: string | null; reactorUserId: string | null; threadId: string; floorNumber: number },
): Promise<void> {
  if (!input.authorUserId || !input.reactorUserId || input.authorUserId === input.reactorUserId || input.floorNumber < 2) return;
  const rule = findRule(rewardsOf(site), 'reaction_received');
  if (!rule) return;
  const floor = await trx.selectFrom('floors').select('id').where('thread_id', '=', input.threadId).where('number', '=', input.floorNumber).executeTakeFirst();
  if (!floor) return;
  await award(trx, {
    site, userId: input.authorUserId, rule, threadId: input.threadId,
    object: `${floor.id}:${input.reactorUserId}`, ref: `floor:${floor.id}`,
  });
}

/** The daily check-in (`daily_visit`): once per cycle. */
export async function checkin(db: Database, site: Site, userId: string): Promise<{ earned: boolean; points: number; balance: number }> {
  const rule = findRule(rewardsOf(site), 'daily_visit');
  let earned = false;
  if (rule) {
    const result = await db.kysely.transaction().execute((trx) => award(trx, { site, userId, rule, ref: null }));
    earned = result.status === 'awarded';
    if (earned) kickWebhooks(db);
  }
  const { balance } = await balanceOf(db, site.id, userId);
  return { earned, points: rule?.points ?? 0, balance };
}
