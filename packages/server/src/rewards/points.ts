import type { Leaderboard, PointsHistory, PointsRules } from '@teahouse/protocol';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Site } from '../sites/sites.js';
import { releaseDue, toEntry } from './ledger.js';
import { periodStart, publicRule, rewardsOf } from './settings.js';

export const DEFAULT_HISTORY_PAGE = 20;
const LEADERBOARD_SIZE = 20;
/** Entries a leaderboard counts: earnings and their reversals, not the host's debits. */
const EARNING_REASONS = ['share', 'reply', 'reaction_received', 'daily_visit', 'reversal'];

export function pointsRules(site: Site): PointsRules {
  const rewards = rewardsOf(site);
  return {
    currency: rewards.currency,
    rules: rewards.rules.map((rule) => publicRule(rewards, rule)),
    dailyCap: rewards.dailyCap,
    wechatRewards: rewards.wechatRewards,
    holdSeconds: rewards.hold,
    leaderboard: rewards.leaderboard,
  };
}

/** A reader's entries, newest first, by keyset on the entry id. */
export async function history(db: Database, site: Site, userId: string, cursor: string | undefined, limit: number): Promise<PointsHistory> {
  await releaseDue(db, site.id, userId);
  let query = db.kysely.selectFrom('ledger_entries').selectAll()
    .where('site_id', '=', site.id).where('user_id', '=', userId);
  if (cursor !== undefined) query = query.where('id', '<', db.dialect === 'sqlite' ? Number(cursor) : cursor);
  const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return { entries: page.map(toEntry), next: more && page.length > 0 ? String(page[page.length - 1]!.id) : null };
}

export async function leaderboard(db: Database, site: Site, period: 'day' | 'week' | 'all'): Promise<Leaderboard> {
  const rewards = rewardsOf(site);
  let query = db.kysely.selectFrom('ledger_entries as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['u.id', 'u.name', 'u.avatar', sql<number | string>`sum(e.delta)`.as('points')])
    .where('e.site_id', '=', site.id)
    .where('e.reason', 'in', EARNING_REASONS);
  if (period !== 'all') query = query.where('e.created_at', '>=', periodStart(rewards.timeZone, new Date(), period).toISOString());
  const rows = await query
    .groupBy(['u.id', 'u.name', 'u.avatar'])
    .having(sql`sum(e.delta)`, '>', 0)
    .orderBy(sql`sum(e.delta)`, 'desc')
    .orderBy('u.id')
    .limit(LEADERBOARD_SIZE)
    .execute();
  return {
    period,
    entries: rows.map((row, i) => ({ rank: i + 1, user: { id: row.id, name: row.name, avatar: row.avatar }, points: Number(row.points) })),
  };
}
