import { createHmac, timingSafeEqual } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import { fillPath, type Locale, type MailMode, type NotifyPrefs } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { backoff } from '../rewards/webhooks.js';
import { rewardsOf } from '../rewards/settings.js';
import { localeOf } from '../sites/locale.js';
import { loadSite, type Site } from '../sites/sites.js';
import { mailers } from './hub.js';
import { toNotice } from './notices.js';
import { notificationsOf } from './settings.js';
import { composeMail, type MailMessage } from './templates.js';

/** How the server sends mail for notices. */
export interface MailOptions {
  /** `smtp://user:pass@host:587` or `smtps://…` (`TEAHOUSE_SMTP_URL`). */
  url: string;
  /** The From address, e.g. `Teahouse <comments@news.example.com>` (`TEAHOUSE_SMTP_FROM`). */
  from: string;
  /** This server's public address, for unsubscribe links (`TEAHOUSE_PUBLIC_URL`). */
  publicUrl: string;
  /** First retry after this; each next one waits twice as long, up to an hour. @default 5000 */
  retryMs?: number;
}

const POLL_MS = 2000;
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 10;
const PARKED = '9999-12-31T00:00:00.000Z';
/** Notices older than this when the mailer first sees them (SMTP configured later) are not mailed. */
const STALE_MS = 86_400_000;
const DIGEST_EVERY_MS = 86_400_000;
const BATCH = 100;

const sign = (site: Pick<Site, 'serverSecret'>, userId: string) =>
  createHmac('sha256', site.serverSecret).update(`unsubscribe:${userId}`).digest('base64url').slice(0, 32);

/** The token of a reader's one-click unsubscribe link. */
export function unsubscribeToken(site: Pick<Site, 'serverSecret'>, userId: string): string {
  return sign(site, userId);
}

export function checkUnsubscribe(site: Pick<Site, 'serverSecret'>, userId: string, token: string): boolean {
  const want = Buffer.from(sign(site, userId));
  const got = Buffer.from(token);
  return want.length === got.length && timingSafeEqual(want, got);
}

export function unsubscribeUrl(publicUrl: string, site: Site, userId: string): string {
  const path = fillPath(routeTable.unsubscribe.path, { site: site.id });
  return `${publicUrl.replace(/\/+$/, '')}${path}?u=${encodeURIComponent(userId)}&t=${unsubscribeToken(site, userId)}`;
}

const dayStart = (at: Date) => `${at.toISOString().slice(0, 10)}T00:00:00.000Z`;

/**
 * Turns notices into mail and sends it over SMTP. Notices are their own outbox: one unit of work
 * queues a notice's mail (within the reader's and the site's daily caps) and marks the notice
 * mailed; queued mail is sent with retries and backoff, so an SMTP server that is down loses
 * nothing, and a claimed row (a lease) keeps two instances from sending the same mail.
 */
export class MailDispatcher {
  readonly #db: Database;
  readonly #options: MailOptions;
  readonly #transport: Transporter;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  /** Mails handed to the SMTP server, for benchmarks and tests. */
  sent = 0;

  constructor(db: Database, options: MailOptions) {
    this.#db = db;
    this.#options = options;
    // A pool keeps its connections open between mails: a burst of notices is not one handshake each.
    this.#transport = createTransport({ url: options.url, pool: true, maxConnections: 4 }, { from: options.from });
  }

  start(): void {
    this.#timer ??= setInterval(() => this.kick(), POLL_MS);
    this.#timer.unref?.();
    this.kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
    this.#transport.close();
  }

  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  /** Runs one round now: queue what notices call for, then send what is due. For tests and benchmarks. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
    await this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (!this.#stopped && (await this.#compose()) === BATCH);
      if (!this.#stopped) await this.#digests();
      while (!this.#stopped && (await this.#deliver()) > 0);
    } catch {
      // The database may be closing or restarting; the next tick tries again.
    }
  }

  /** Queues the mail of notices not yet looked at; returns how many were looked at. */
  async #compose(): Promise<number> {
    const rows = await this.#db.kysely.selectFrom('notices as n')
      .innerJoin('threads as t', 't.id', 'n.thread_id')
      .leftJoin('notify_prefs as p', (j) => j.onRef('p.site_id', '=', 'n.site_id').onRef('p.user_id', '=', 'n.user_id'))
      .selectAll('n').select(['t.page_key', 't.url', 't.title', 'p.email', 'p.mode', 'p.locale'])
      .where('n.mailed_at', 'is', null).orderBy('n.id').limit(BATCH).execute();
    if (rows.length === 0) return 0;
    const now = new Date();
    const sites = new Map<string, Site | null>();
    for (const row of rows) if (!sites.has(row.site_id)) sites.set(row.site_id, await loadSite(this.#db, row.site_id).catch(() => null));
    await this.#db.write(async ({ trx }) => {
      const used = new Map<string, number>();
      const count = async (key: string, query: () => Promise<number>) => {
        const n = used.get(key) ?? (await query());
        used.set(key, n);
        return n;
      };
      for (const row of rows) {
        const site = sites.get(row.site_id);
        const wanted = site && notificationsOf(site).email && row.mode === 'immediate' && row.email && row.read_at === null &&
          now.getTime() - Date.parse(row.updated_at) < STALE_MS;
        if (wanted) {
          const caps = notificationsOf(site);
          const since = dayStart(now);
          const mine = await count(`u:${row.site_id}:${row.user_id}`, async () => Number((await trx.selectFrom('mail_outbox')
            .select((eb) => eb.fn.countAll<number | string>().as('n')).where('site_id', '=', row.site_id).where('user_id', '=', row.user_id)
            .where('created_at', '>=', since).executeTakeFirstOrThrow()).n));
          const theirs = await count(`s:${row.site_id}`, async () => Number((await trx.selectFrom('mail_outbox')
            .select((eb) => eb.fn.countAll<number | string>().as('n')).where('site_id', '=', row.site_id)
            .where('created_at', '>=', since).executeTakeFirstOrThrow()).n));
          if (mine < caps.readerDailyMail && theirs < caps.siteDailyMail) {
            const message = this.#message(site, row.user_id, (row.locale as Locale | null) ?? localeOf(site.settings), [toNotice(row)]);
            await trx.insertInto('mail_outbox').values({
              site_id: row.site_id, user_id: row.user_id, to_address: row.email!, message: JSON.stringify(message),
              attempts: 0, next_attempt_at: now.toISOString(), delivered_at: null, last_error: null, created_at: now.toISOString(),
            }).execute();
            used.set(`u:${row.site_id}:${row.user_id}`, mine + 1);
            used.set(`s:${row.site_id}`, theirs + 1);
          }
        }
        // Only this round's version of the notice: one grouped meanwhile is looked at again.
        await trx.updateTable('notices').set({ mailed_at: now.toISOString() })
          .where('id', '=', row.id).where('updated_at', '=', row.updated_at).execute();
      }
    });
    return rows.length;
  }

  /** Queues a daily digest of unread notices for readers who asked for one and whose day has passed. */
  async #digests(): Promise<void> {
    const now = new Date();
    const due = await this.#db.kysely.selectFrom('notify_prefs').selectAll()
      .where('mode', '=', 'digest').where('email', 'is not', null)
      .where((eb) => eb.or([eb('digest_at', 'is', null), eb('digest_at', '<=', new Date(now.getTime() - DIGEST_EVERY_MS).toISOString())]))
      .limit(BATCH).execute();
    for (const prefs of due) {
      const site = await loadSite(this.#db, prefs.site_id).catch(() => null);
      if (!site || !notificationsOf(site).email) continue;
      const since = prefs.digest_at ?? new Date(now.getTime() - DIGEST_EVERY_MS).toISOString();
      const rows = await this.#db.kysely.selectFrom('notices as n').innerJoin('threads as t', 't.id', 'n.thread_id')
        .selectAll('n').select(['t.page_key', 't.url', 't.title'])
        .where('n.site_id', '=', prefs.site_id).where('n.user_id', '=', prefs.user_id).where('n.read_at', 'is', null)
        .where('n.updated_at', '>', since).orderBy('n.updated_at', 'desc').limit(50).execute();
      await this.#db.write(async ({ trx }) => {
        // Claimed by moving digest_at: another instance's round finds it not due.
        const claimed = await trx.updateTable('notify_prefs').set({ digest_at: now.toISOString() })
          .where('site_id', '=', prefs.site_id).where('user_id', '=', prefs.user_id)
          .where((eb) => (prefs.digest_at === null ? eb('digest_at', 'is', null) : eb('digest_at', '=', prefs.digest_at)))
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0 || rows.length === 0) return;
        const caps = notificationsOf(site);
        const since = dayStart(now);
        const mine = Number((await trx.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('site_id', '=', site.id).where('user_id', '=', prefs.user_id).where('created_at', '>=', since).executeTakeFirstOrThrow()).n);
        const theirs = Number((await trx.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('site_id', '=', site.id).where('created_at', '>=', since).executeTakeFirstOrThrow()).n);
        if (mine >= caps.readerDailyMail || theirs >= caps.siteDailyMail) return;
        const message = this.#message(site, prefs.user_id, (prefs.locale as Locale | null) ?? localeOf(site.settings), rows.map(toNotice));
        await trx.insertInto('mail_outbox').values({
          site_id: site.id, user_id: prefs.user_id, to_address: prefs.email!, message: JSON.stringify(message),
          attempts: 0, next_attempt_at: now.toISOString(), delivered_at: null, last_error: null, created_at: now.toISOString(),
        }).execute();
      });
    }
  }

  #message(site: Site, userId: string, locale: Locale, notices: Parameters<typeof composeMail>[0]): MailMessage {
    return composeMail(notices, {
      locale, siteName: site.name, currency: rewardsOf(site).currency.name,
      unsubscribeUrl: unsubscribeUrl(this.#options.publicUrl, site, userId),
    });
  }

  /**
   * Sends queued mail that is due; returns how many were tried. A batch is claimed in one
   * transaction (a lease: another instance skips it), sent over the pool, and its outcome written
   * in one more, so the database's commits do not set the pace.
   */
  async #deliver(): Promise<number> {
    const now = new Date();
    const due = await this.#db.kysely.selectFrom('mail_outbox').selectAll()
      .where('delivered_at', 'is', null).where('next_attempt_at', '<=', now.toISOString())
      .orderBy('id').limit(BATCH).execute();
    if (due.length === 0 || this.#stopped) return 0;
    const lease = new Date(Date.now() + LEASE_MS).toISOString();
    const claimed = await this.#db.write(async ({ trx }) => {
      const mine: typeof due = [];
      for (const row of due) {
        const done = await trx.updateTable('mail_outbox').set({ next_attempt_at: lease })
          .where('id', '=', row.id).where('next_attempt_at', '=', row.next_attempt_at).where('delivered_at', 'is', null)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) === 1) mine.push(row);
      }
      return mine;
    });
    const outcomes = await Promise.all(claimed.map(async (row) => {
      try {
        await this.#transport.sendMail({ from: this.#options.from, to: row.to_address, ...(JSON.parse(row.message) as MailMessage) });
        this.sent++;
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    }));
    const base = this.#options.retryMs ?? 5000;
    await this.#db.write(async ({ trx }) => {
      for (const [i, row] of claimed.entries()) {
        const error = outcomes[i]!;
        const attempts = row.attempts + 1;
        await trx.updateTable('mail_outbox')
          .set(error === null
            ? { attempts, delivered_at: new Date().toISOString(), last_error: null }
            : {
              attempts,
              last_error: error.slice(0, 500),
              next_attempt_at: attempts >= MAX_ATTEMPTS ? PARKED : new Date(Date.now() + backoff(attempts) / 5000 * base).toISOString(),
            })
          .where('id', '=', row.id).execute();
      }
    });
    // A batch that failed whole is the server's doing: wait for the backoff rather than try the next.
    return outcomes.some((o) => o === null) ? claimed.length : 0;
  }
}

export function startMail(db: Database, options: MailOptions): MailDispatcher {
  const d = new MailDispatcher(db, options);
  mailers.set(db, d);
  d.start();
  return d;
}

export const mailDispatcher = (db: Database): MailDispatcher | undefined => mailers.get(db) as MailDispatcher | undefined;

/** A reader's mail settings; a reader whose token carries `email` gets immediate mail until they choose otherwise. */
export async function prefsOf(db: Database, site: Site, userId: string): Promise<NotifyPrefs> {
  const row = await db.kysely.selectFrom('notify_prefs').selectAll()
    .where('site_id', '=', site.id).where('user_id', '=', userId).executeTakeFirst();
  return {
    mode: (row?.mode as MailMode | undefined) ?? 'immediate',
    email: row?.email ?? null,
    locale: (row?.locale as Locale | null | undefined) ?? localeOf(site.settings),
    mailAvailable: mailers.has(db) && notificationsOf(site).email,
  };
}

/** Stores what the reader chose (a guest's address too). */
export async function savePrefs(
  db: Database,
  site: Site,
  userId: string,
  set: { mode?: MailMode | undefined; email?: string | null | undefined; locale?: Locale | undefined },
): Promise<void> {
  const at = new Date().toISOString();
  await db.write(async ({ trx }) => {
    const row = await trx.selectFrom('notify_prefs').selectAll().where('site_id', '=', site.id).where('user_id', '=', userId).executeTakeFirst();
    const next = {
      email: set.email === undefined ? (row?.email ?? null) : set.email,
      mode: set.mode ?? row?.mode ?? 'immediate',
      locale: set.locale ?? row?.locale ?? null,
    };
    if (row && row.email === next.email && row.mode === next.mode && row.locale === next.locale) return;
    // A reader who just chose the digest gets their first one a day later, not at once.
    const digest = next.mode === 'digest' && row?.mode !== 'digest' ? { digest_at: at } : {};
    await trx.insertInto('notify_prefs')
      .values({ site_id: site.id, user_id: userId, ...next, digest_at: digest.digest_at ?? null, updated_at: at })
      .onConflict((oc) => oc.columns(['site_id', 'user_id']).doUpdateSet({ ...next, ...digest, updated_at: at }))
      .execute();
  });
}

/**
 * Inside a unit of work: keeps the address a reader's token carries (the host's `email` claim),
 * written only when it changed.
 */
export async function rememberEmail(trx: Kysely<Tables>, siteId: string, userId: string, email: string | undefined): Promise<void> {
  if (email === undefined) return;
  const row = await trx.selectFrom('notify_prefs').select('email').where('site_id', '=', siteId).where('user_id', '=', userId).executeTakeFirst();
  if (row?.email === email) return;
  const at = new Date().toISOString();
  await trx.insertInto('notify_prefs')
    .values({ site_id: siteId, user_id: userId, email, mode: 'immediate', locale: null, digest_at: null, updated_at: at })
    .onConflict((oc) => oc.columns(['site_id', 'user_id']).doUpdateSet({ email, updated_at: at }))
    .execute();
}
