import { randomInt } from 'node:crypto';
import { REFERRAL_PARAM, ShareChannel, type CreateShare, type Share, type ShareStatus } from '@teahouse/protocol';
import { verifyActor } from '../auth/visitor.js';
import type { TokenUser } from '../auth/token.js';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import type { Site } from '../sites/sites.js';
import { newId } from '../db/ids.js';
import type { ThreadRef, Work } from '../db/work.js';
import { insertThreadIfMissing } from '../threads/threads.js';
import { upsertUser } from '../threads/users.js';
import { announceAward } from './announce.js';
import { award, digest, type AwardResult } from './ledger.js';
import { cycleBucket, dayOf, findRule, publicRule, rewardsOf, ruleActive, type ResolvedRule } from './settings.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 8 base62 characters from the CSPRNG: about 2^47 codes, so guessing one is hopeless. */
export function referralCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += BASE62[randomInt(62)];
  return code;
}

/** The page URL with `th_ref=<code>` set (any earlier referral code replaced). */
export function trackedUrl(url: string | null, code: string): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    u.searchParams.set(REFERRAL_PARAM, code);
    return u.toString();
  } catch {
    return null;
  }
}

/**
 * A visitor id as sent by the widget: a server-signed visitor token (verified, then its id) or
 * an opaque id. Either way only its digest is stored.
 */
async function visitorDigest(site: Site, visitor: string | undefined): Promise<string | null> {
  if (visitor === undefined) return null;
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(visitor)) {
    const actor = await verifyActor(site, visitor);
    return digest(actor.kind === 'visitor' ? `v:${actor.id}` : `u:${actor.user.sub}`);
  }
  return digest(`v:${visitor}`);
}

/** Postgres takes the thread row's lock first, the same order every thread writer uses; SQLite has one writer. */
async function lockThread(work: Work, db: Database, threadId: string): Promise<void> {
  if (db.dialect === 'postgres') await work.trx.selectFrom('threads').select('id').where('id', '=', threadId).forUpdate().execute();
}

/** Announces an award in its thread when the site announces awards. */
async function announce(work: Work, site: Site, thread: ThreadRef, user: { id: string; name: string }, rule: ResolvedRule, result: AwardResult): Promise<void> {
  const rewards = rewardsOf(site);
  if (result.status !== 'awarded' || !rewards.announce) return;
  await announceAward(work, thread, user, {
    action: rule.action, ...(rule.channel ? { channel: rule.channel } : {}), points: rule.points, currency: rewards.currency.name,
  });
}

/**
 * A reader pressed share: gives them their tracked link for this article and channel (the same
 * one each time) and, where the channel's rule is verified by `intent`, awards the press within
 * the rule's limits. Nothing here trusts that a share happened.
 */
export async function createShare(db: Database, site: Site, author: TokenUser, input: CreateShare): Promise<Share> {
  const rewards = rewardsOf(site);
  const sharerVisitor = await visitorDigest(site, input.visitor);
  const rule = findRule(rewards, 'share', input.channel);
  const active = rule !== null && ruleActive(rewards, rule, input.channel);
  const now = new Date().toISOString();

  const { share, earned } = await db.write(async (work) => {
    const { trx } = work;
    const user = await upsertUser(trx, site, author);
    await insertThreadIfMissing(trx, site, input);
    const thread = await trx.selectFrom('threads').select(['id', 'url']).where('site_id', '=', site.id).where('page_key', '=', input.page).executeTakeFirstOrThrow();
    const intent = rule && active && rule.verify === 'intent' ? rule : null;
    if (intent) await lockThread(work, db, thread.id);
    let share: { id: string; code: string; url: string | null; sharer_visitor: string | null } | undefined;
    for (let attempt = 0; attempt < 5 && !share; attempt++) {
      // Any conflict does nothing: either this reader's link exists, or the code was taken and another is drawn.
      await trx.insertInto('shares')
        .values({
          id: newId(), site_id: site.id, code: referralCode(), user_id: user.id, thread_id: thread.id, channel: input.channel,
          url: thread.url ?? input.url ?? null, sharer_visitor: sharerVisitor, created_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      share = await trx.selectFrom('shares').select(['id', 'code', 'url', 'sharer_visitor'])
        .where('site_id', '=', site.id).where('user_id', '=', user.id).where('thread_id', '=', thread.id).where('channel', '=', input.channel)
        .executeTakeFirst();
    }
    if (!share) throw new Error('could not draw a unique referral code');
    if (sharerVisitor && share.sharer_visitor === null) {
      await trx.updateTable('shares').set({ sharer_visitor: sharerVisitor }).where('id', '=', share.id).where('sharer_visitor', 'is', null).execute();
    }
    if (!intent) return { share, earned: false };
    const result = await award(work, { site, userId: user.id, rule: intent, threadId: thread.id, channel: input.channel, ref: `thread:${thread.id}` });
    await announce(work, site, { id: thread.id, site: site.id, page: input.page }, user, intent, result);
    return { share, earned: result.status === 'awarded' };
  });
  return {
    code: share.code,
    url: trackedUrl(share.url ?? input.url ?? null, share.code),
    channel: input.channel,
    points: rule && active ? rule.points : 0,
    earned,
    rule: rule && active ? publicRule(rewards, rule) : null,
  };
}

/**
 * A page opened through a tracked link. Awards the sharer (a `visit` rule) when the visitor is
 * someone else — not the sharer by account nor by their own visitor id — and new to this link,
 * and the visitor's IP has not used up its awarded visits for the window.
 */
export async function recordVisit(
  db: Database,
  site: Site,
  input: { code: string; visitor?: string | undefined },
  viewer: TokenUser | null,
  ip: string,
): Promise<{ recorded: boolean }> {
  const share = await db.kysely.selectFrom('shares as s')
    .innerJoin('threads as t', 't.id', 's.thread_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.thread_id', 's.channel', 's.sharer_visitor', 't.page_key', 'u.name as user_name'])
    .where('s.site_id', '=', site.id).where('s.code', '=', input.code)
    .executeTakeFirst();
  if (!share) throw notFound('no tracked link with this code');

  let visitorKey: string;
  if (viewer) {
    const row = await db.kysely.selectFrom('users').select('id').where('site_id', '=', site.id).where('external_id', '=', viewer.sub).executeTakeFirst();
    if (row?.id === share.user_id) return { recorded: false };
    visitorKey = digest(`u:${viewer.sub}`);
  } else {
    const visitor = await visitorDigest(site, input.visitor);
    if (visitor !== null && visitor === share.sharer_visitor) return { recorded: false };
    visitorKey = visitor ?? digest(`ip:${ip}`);
  }

  const rewards = rewardsOf(site);
  const channel = share.channel;
  const rule = findRule(rewards, 'share', channel);
  return db.write(async (work) => {
    const { trx } = work;
    await lockThread(work, db, share.thread_id);
    const visit = await trx.insertInto('share_visits')
      .values({ share_id: share.id, visitor_key: visitorKey, ip: ip.slice(0, 64), awarded: 0, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['share_id', 'visitor_key']).doNothing())
      .returning('share_id')
      .executeTakeFirst();
    if (!visit) return { recorded: false };
    if (!rule || rule.verify !== 'visit') return { recorded: true };
    const result = await award(work, {
      site, userId: share.user_id, rule, threadId: share.thread_id, channel, object: visitorKey, ref: `thread:${share.thread_id}`, ip,
    });
    if (result.status !== 'awarded') return { recorded: true };
    await trx.updateTable('share_visits').set({ awarded: 1 }).where('share_id', '=', share.id).where('visitor_key', '=', visitorKey).execute();
    const thread = { id: share.thread_id, site: site.id, page: share.page_key };
    await announce(work, site, thread, { id: share.user_id, name: share.user_name }, rule, result);
    return { recorded: true };
  });
}

/**
 * What the reader's shares of one article earn, for each channel whose rule can award now: the
 * points, what the article earned them through the channel in the rule's current cycle (read
 * back from the award keys, reversed awards left out), and whether the rule's limit or their
 * daily cap leaves room for more.
 */
export async function shareStatus(db: Database, site: Site, reader: TokenUser, page: string, at = new Date()): Promise<ShareStatus> {
  const rewards = rewardsOf(site);
  const channels = ShareChannel.options.flatMap((channel) => {
    const rule = findRule(rewards, 'share', channel);
    return rule && ruleActive(rewards, rule, channel) ? [{ channel, rule, bucket: cycleBucket(rewards, rule, at) }] : [];
  });
  if (channels.length === 0) return { channels: [] };
  const user = await db.kysely.selectFrom('users').select('id').where('site_id', '=', site.id).where('external_id', '=', reader.sub).executeTakeFirst();
  const thread = await db.kysely.selectFrom('threads').select('id').where('site_id', '=', site.id).where('page_key', '=', page).executeTakeFirst();
  const awards = user && thread
    ? await db.kysely.selectFrom('ledger_entries').select(['idempotency_key', 'delta'])
      .where('site_id', '=', site.id).where('user_id', '=', user.id).where('reason', '=', 'share').where('ref', '=', `thread:${thread.id}`)
      .execute()
    : [];
  const reversed = new Set(awards.length === 0 ? [] : (await db.kysely.selectFrom('ledger_entries').select('idempotency_key')
    .where('site_id', '=', site.id).where('idempotency_key', 'in', awards.map((a) => `reverse:${a.idempotency_key}`))
    .execute()).map((r) => r.idempotency_key.slice('reverse:'.length)));
  const counters = user
    ? await db.kysely.selectFrom('reward_counters').select(['subject', 'bucket', 'used'])
      .where('site_id', '=', site.id).where('subject', 'in', [`cap:${user.id}`, ...channels.map((c) => `rule:${c.rule.id}:${user.id}`)])
      .execute()
    : [];
  const used = (subject: string, bucket: string) => counters.find((c) => c.subject === subject && c.bucket === bucket)?.used ?? 0;
  const today = dayOf(rewards.timeZone, at);
  return {
    channels: channels.map(({ channel, rule, bucket }) => {
      // Award keys: rule : reader : article : channel : cycle [: visitor] (see `award`).
      const key = `${rule.id}:${user?.id}:${thread?.id}:${channel}:${bucket}`;
      const earned = awards
        .filter((a) => (a.idempotency_key === key || a.idempotency_key.startsWith(`${key}:`)) && !reversed.has(a.idempotency_key))
        .reduce((sum, a) => sum + a.delta, 0);
      const limited = rule.cycle !== 'unlimited' && user !== undefined && used(`rule:${rule.id}:${user.id}`, bucket) >= rule.limit;
      const capped = rewards.dailyCap > 0 && user !== undefined && used(`cap:${user.id}`, today) + rule.points > rewards.dailyCap;
      return { channel, points: rule.points, earned, exhausted: limited || capped };
    }),
  };
}
