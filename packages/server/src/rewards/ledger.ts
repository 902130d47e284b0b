import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { ShareChannel, type AdminLedgerEntry, type LedgerEntry } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { conflict, notFound } from '../errors.js';
import type { Site } from '../sites/sites.js';
import type { LedgerEntriesTable } from './schema.js';
import { cycleBucket, dayOf, ruleActive, rewardsOf, type ResolvedRule } from './settings.js';
import type { Work } from '../db/work.js';
import { enqueueWebhook } from './webhooks.js';
import { awardNotice } from '../notifications/notices.js';

/** The queries of a unit of work (`work.trx`). */
export type Executor = Kysely<Tables>;
export type EntryRow = Selectable<LedgerEntriesTable>;

export { conflict };

/** Keys may carry visitor ids and host strings; they are hashed to a fixed, printable length. */
export const digest = (value: string): string => createHash('sha256').update(value).digest('base64url').slice(0, 22);

/**
 * A share award's channel and how it was earned, read back from its key (`rule : reader : article :
 * channel : cycle`, with `: visitor` added when a visit earned it; see `award`).
 */
function shareOf(row: EntryRow): Pick<LedgerEntry, 'channel' | 'via'> {
  if (row.reason !== 'share') return {};
  const parts = row.idempotency_key.split(':');
  const channel = ShareChannel.safeParse(parts[3]);
  return channel.success ? { channel: channel.data, via: parts.length > 5 ? 'visit' : 'intent' } : {};
}

export function toEntry(row: EntryRow): LedgerEntry {
  return {
    id: String(row.id),
    delta: row.delta,
    reason: row.reason,
    ref: row.ref,
    ...shareOf(row),
    status: row.status === 'pending' ? 'pending' : 'available',
    availableAt: row.available_at,
    createdAt: row.created_at,
  };
}

export function toAdminEntry(row: EntryRow, userExternalId: string, balance?: number): AdminLedgerEntry {
  return {
    ...toEntry(row),
    site: row.site_id,
    user: userExternalId,
    idempotencyKey: row.idempotency_key,
    ...(balance === undefined ? {} : { balance }),
  };
}

/**
 * Raises one counter by `amount` only while it stays within `cap`, in one statement: an upsert
 * whose update is conditional, so the returned row is the answer (none: the cap is reached).
 * Postgres locks the row until commit and SQLite has one writer, so two transactions can never
 * both pass the same edge.
 */
async function bump(trx: Executor, siteId: string, subject: string, bucket: string, amount: number, cap: number): Promise<boolean> {
  if (amount > cap) return false;
  const row = await trx.insertInto('reward_counters').values({ site_id: siteId, subject, bucket, used: amount })
    .onConflict((oc) => oc.columns(['site_id', 'subject', 'bucket'])
      .doUpdateSet((eb) => ({ used: eb('reward_counters.used', '+', amount) }))
      .where((eb) => eb(eb('reward_counters.used', '+', amount), '<=', cap)))
    .returning('used')
    .executeTakeFirst();
  return row !== undefined;
}

async function unbump(trx: Executor, siteId: string, subject: string, bucket: string, amount: number): Promise<void> {
  await trx.updateTable('reward_counters')
    .set((eb) => ({ used: eb('used', '-', amount) }))
    .where('site_id', '=', siteId).where('subject', '=', subject).where('bucket', '=', bucket)
    .execute();
}

/** Adds to a reader's balance (or pending) with `x = x + ?`, creating the row on first use. */
async function addBalance(trx: Executor, siteId: string, userId: string, delta: number, pending: boolean): Promise<number> {
  const row = await trx.insertInto('balances')
    .values({ site_id: siteId, user_id: userId, balance: pending ? 0 : delta, pending: pending ? delta : 0 })
    .onConflict((oc) => oc.columns(['site_id', 'user_id']).doUpdateSet((eb) => (pending
      ? { pending: eb('balances.pending', '+', delta) }
      : { balance: eb('balances.balance', '+', delta) })))
    .returning('balance')
    .executeTakeFirstOrThrow();
  return row.balance;
}

/** Inserts an entry unless its key exists; `null` means "already there". */
async function insertEntry(
  trx: Executor,
  values: Omit<EntryRow, 'id' | 'created_at' | 'available_at' | 'status'> & { status?: EntryRow['status']; available_at?: string },
  at: Date,
): Promise<EntryRow | null> {
  const created = at.toISOString();
  const row = await trx.insertInto('ledger_entries')
    .values({ status: 'available', available_at: created, ...values, created_at: created })
    .onConflict((oc) => oc.columns(['site_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export type AwardStatus = 'awarded' | 'duplicate' | 'limit' | 'cap' | 'budget' | 'ip' | 'inactive';

export interface AwardInput {
  site: Site;
  userId: string;
  rule: ResolvedRule;
  /** The article, for share, reply and reaction awards. */
  threadId?: string | null | undefined;
  channel?: ShareChannel | undefined;
  /** What makes one award distinct within a cycle besides reader, article and channel (a visitor, a floor). */
  object?: string | undefined;
  ref: string | null;
  /** Awarded visits are limited per IP and window. */
  ip?: string | undefined;
  at?: Date | undefined;
}

export interface AwardResult {
  status: AwardStatus;
  entry: EntryRow | null;
}

/**
 * Awards a rule's points inside the caller's unit of work, exactly once per idempotency key
 * (rule + reader + article + channel + cycle [+ object]), within the rule's limit per cycle,
 * the reader's daily cap, the site's daily budget and, for visits, the per-IP window. The
 * entry is inserted first (ON CONFLICT DO NOTHING: a concurrent twin waits on the unique
 * index and then does nothing); a limit that does not pass undoes what this call wrote.
 * Callers that also write a thread lock the thread's row before calling, so every writer
 * takes locks in the same order: thread, ledger key, counters, balance.
 */
export async function award(work: Work, input: AwardInput): Promise<AwardResult> {
  const { trx } = work;
  const { site, rule } = input;
  const rewards = rewardsOf(site);
  if (!ruleActive(rewards, rule, input.channel ?? rule.channel)) return { status: 'inactive', entry: null };
  const at = input.at ?? new Date();
  const bucket = cycleBucket(rewards, rule, at);
  const key = [rule.id, input.userId, input.threadId ?? '-', input.channel ?? '-', bucket, ...(input.object ? [digest(input.object)] : [])].join(':');
  const pending = rewards.hold > 0;
  const entry = await insertEntry(trx, {
    site_id: site.id,
    user_id: input.userId,
    delta: rule.points,
    reason: rule.action,
    ref: input.ref,
    idempotency_key: key,
    ...(pending ? { status: 'pending', available_at: new Date(at.getTime() + rewards.hold * 1000).toISOString() } : {}),
  }, at);
  if (!entry) return { status: 'duplicate', entry: null };

  const day = dayOf(rewards.timeZone, at);
  const limits: { status: AwardStatus; subject: string; bucket: string; amount: number; cap: number }[] = [];
  if (rule.cycle !== 'unlimited') limits.push({ status: 'limit', subject: `rule:${rule.id}:${input.userId}`, bucket, amount: 1, cap: rule.limit });
  if (rewards.dailyCap > 0) limits.push({ status: 'cap', subject: `cap:${input.userId}`, bucket: day, amount: rule.points, cap: rewards.dailyCap });
  if (rewards.dailyBudget > 0) limits.push({ status: 'budget', subject: 'budget', bucket: day, amount: rule.points, cap: rewards.dailyBudget });
  if (input.ip !== undefined) {
    const { max, seconds } = rewards.visitsPerIpWindow;
    limits.push({ status: 'ip', subject: `ip:${input.ip}`, bucket: `w${seconds}:${Math.floor(at.getTime() / 1000 / seconds)}`, amount: 1, cap: max });
  }
  for (let i = 0; i < limits.length; i++) {
    const limit = limits[i]!;
    if (await bump(trx, site.id, limit.subject, limit.bucket, limit.amount, limit.cap)) continue;
    for (const done of limits.slice(0, i)) await unbump(trx, site.id, done.subject, done.bucket, done.amount);
    // Never visible to anyone: the transaction that inserted it removes it before committing.
    await trx.deleteFrom('ledger_entries').where('id', '=', entry.id).execute();
    return { status: limit.status, entry: null };
  }
  await addBalance(trx, site.id, input.userId, rule.points, pending);
  await enqueueWebhook(work, site, entry);
  await awardNotice(work, site, entry, input.threadId ?? undefined);
  return { status: 'awarded', entry };
}

/** Moves a reader's awards whose hold has passed from pending to spendable. */
export async function releaseMatured(trx: Executor, siteId: string, userId: string, at = new Date()): Promise<void> {
  const due = await trx.selectFrom('ledger_entries').select(['id', 'delta'])
    .where('site_id', '=', siteId).where('user_id', '=', userId)
    .where('status', '=', 'pending').where('available_at', '<=', at.toISOString())
    .execute();
  for (const row of due) await releaseEntry(trx, siteId, userId, row);
}

async function releaseEntry(trx: Executor, siteId: string, userId: string, row: { id: number | string; delta: number }): Promise<void> {
  // Conditional, so that two releasers move each entry once.
  const moved = await trx.updateTable('ledger_entries').set({ status: 'available' })
    .where('id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
  if (moved.numUpdatedRows === 0n) return;
  await trx.updateTable('balances')
    .set((eb) => ({ balance: eb('balance', '+', row.delta), pending: eb('pending', '-', row.delta) }))
    .where('site_id', '=', siteId).where('user_id', '=', userId)
    .execute();
}

/**
 * Releases a reader's matured awards before their points are read. Reading is the common case and
 * costs one indexed read; only when something matured is there a unit of work to write.
 */
export async function releaseDue(db: Database, siteId: string, userId: string, at = new Date()): Promise<void> {
  const due = await db.kysely.selectFrom('ledger_entries').select('id')
    .where('site_id', '=', siteId).where('user_id', '=', userId)
    .where('status', '=', 'pending').where('available_at', '<=', at.toISOString())
    .limit(1).executeTakeFirst();
  if (due) await db.write((work) => releaseMatured(work.trx, siteId, userId, at));
}

export async function balanceOf(db: Database, siteId: string, userId: string): Promise<{ balance: number; pending: number }> {
  await releaseDue(db, siteId, userId);
  const row = await db.kysely.selectFrom('balances').select(['balance', 'pending'])
    .where('site_id', '=', siteId).where('user_id', '=', userId).executeTakeFirst();
  return { balance: row?.balance ?? 0, pending: row?.pending ?? 0 };
}

async function userByExternalId(k: Executor, siteId: string, externalId: string) {
  return k.selectFrom('users').select(['id', 'external_id']).where('site_id', '=', siteId).where('external_id', '=', externalId).executeTakeFirst();
}

export interface DebitInput {
  user: string;
  amount: number;
  reason: string;
  idempotencyKey: string;
}

/**
 * Spends a reader's points for the host (a shop order). The same key gives back the same
 * entry and debits once; a balance that does not cover the amount is a 409, decided by a
 * conditional `balance = balance - ? WHERE balance >= ?`, so concurrent debits never overdraw.
 */
export async function debit(db: Database, site: Site, input: DebitInput): Promise<{ entry: AdminLedgerEntry; created: boolean }> {
  const key = `debit:${input.idempotencyKey}`;
  return db.write(async (work) => {
    const { trx } = work;
    const user = await userByExternalId(trx, site.id, input.user);
    if (!user) throw conflict(`insufficient balance: user "${input.user}" has no points on this site`);
    const entry = await insertEntry(trx, {
      site_id: site.id, user_id: user.id, delta: -input.amount, reason: 'debit', ref: input.reason, idempotency_key: key,
    }, new Date());
    if (!entry) {
      const existing = await trx.selectFrom('ledger_entries').selectAll()
        .where('site_id', '=', site.id).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
      if (existing.user_id !== user.id || existing.delta !== -input.amount) {
        throw conflict('this idempotency key was already used for a different debit');
      }
      return { entry: toAdminEntry(existing, user.external_id), created: false };
    }
    await releaseMatured(trx, site.id, user.id);
    const paid = await trx.updateTable('balances')
      .set((eb) => ({ balance: eb('balance', '-', input.amount) }))
      .where('site_id', '=', site.id).where('user_id', '=', user.id)
      .where('balance', '>=', input.amount)
      .returning('balance')
      .executeTakeFirst();
    if (!paid) {
      const have = await trx.selectFrom('balances').select('balance').where('site_id', '=', site.id).where('user_id', '=', user.id).executeTakeFirst();
      throw conflict(`insufficient balance: ${input.amount} requested, ${have?.balance ?? 0} available`);
    }
    await enqueueWebhook(work, site, entry, { user: user.external_id, balance: paid.balance });
    return { entry: toAdminEntry(entry, user.external_id, paid.balance), created: true };
  });
}

/**
 * Reverses an entry with a new one of the opposite amount, keyed `reverse:<original key>`, so
 * it happens once. A reversal may leave a balance below zero (the points were spent); an
 * award still on hold is released first, so pending never counts a reversed award.
 */
export async function reverse(
  db: Database,
  site: Site,
  entryId: string,
  reason?: string,
): Promise<{ entry: AdminLedgerEntry; created: boolean }> {
  return db.write(async (work) => {
    const { trx } = work;
    const original = await trx.selectFrom('ledger_entries').selectAll()
      .where('site_id', '=', site.id).where('id', '=', db.dialect === 'sqlite' ? Number(entryId) : entryId).executeTakeFirst();
    if (!original) throw notFound(`no ledger entry ${entryId} on this site`);
    const created = await reverseRow(work, site, original, reason);
    const user = await trx.selectFrom('users').select('external_id').where('id', '=', original.user_id).executeTakeFirstOrThrow();
    return { entry: toAdminEntry(created.entry, user.external_id, created.balance), created: created.created };
  });
}

async function reverseRow(work: Work, site: Site, original: EntryRow, reason?: string): Promise<{ entry: EntryRow; created: boolean; balance?: number }> {
  const { trx } = work;
  if (original.reason === 'reversal') throw conflict('a reversal cannot be reversed; record a new entry instead');
  const key = `reverse:${original.idempotency_key}`;
  const entry = await insertEntry(trx, {
    site_id: site.id, user_id: original.user_id, delta: -original.delta, reason: 'reversal',
    ref: reason ? `${original.id}:${reason}` : String(original.id), idempotency_key: key,
  }, new Date());
  if (!entry) {
    const existing = await trx.selectFrom('ledger_entries').selectAll()
      .where('site_id', '=', site.id).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    return { entry: existing, created: false };
  }
  if (original.status === 'pending') await releaseEntry(trx, site.id, original.user_id, original);
  const balance = await addBalance(trx, site.id, original.user_id, -original.delta, false);
  await enqueueWebhook(work, site, entry);
  return { entry, created: true, balance };
}

/**
 * Reverses every award whose `ref` is this one (e.g. `floor:<id>` for a removed reply) when
 * the site reverses awards for removed content. Call it inside the removing unit of work.
 */
export async function reverseAwardsFor(work: Work, site: Site, ref: string): Promise<number> {
  if (!rewardsOf(site).reverseOnRemoval) return 0;
  const rows = await work.trx.selectFrom('ledger_entries').selectAll()
    .where('site_id', '=', site.id).where('ref', '=', ref).where('reason', 'in', ['share', 'reply', 'reaction_received', 'daily_visit'])
    .execute();
  let n = 0;
  for (const row of rows) if ((await reverseRow(work, site, row, 'removed')).created) n++;
  return n;
}

