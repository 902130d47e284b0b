import { createHmac } from 'node:crypto';
import type { AdminLedgerEntry, LedgerWebhook } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { safeFetch } from '../net/fetch.js';
import type { Work } from '../db/work.js';
import type { Selectable } from 'kysely';
import { loadSite, type Site } from '../sites/sites.js';
import type { LedgerEntriesTable } from './schema.js';
import { rewardsOf } from './settings.js';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` keyed with the site's webhook secret. */
export const SIGNATURE_HEADER = 'X-Teahouse-Signature';
const MAX_ATTEMPTS = 10;
const TIMEOUT_MS = 10_000;
const POLL_MS = 2000;
/** A claimed delivery is retried by anyone after this, should its claimer die mid-way. */
const LEASE_MS = 60_000;
const PARKED = '9999-12-31T00:00:00.000Z';

export const signBody = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * Queues the webhook for a ledger entry in the entry's own unit of work (the outbox), so a
 * delivery exists exactly when the entry committed; the dispatcher is woken after the commit.
 */
export async function enqueueWebhook(
  work: Work,
  site: Site,
  entry: Selectable<LedgerEntriesTable>,
  known?: { user: string; balance?: number },
): Promise<void> {
  if (!rewardsOf(site).webhook) return;
  const { trx } = work;
  const user = known?.user ?? (await trx.selectFrom('users').select('external_id').where('id', '=', entry.user_id).executeTakeFirstOrThrow()).external_id;
  const body: LedgerWebhook = {
    type: 'ledger.entry',
    entry: {
      id: String(entry.id), delta: entry.delta, reason: entry.reason, ref: entry.ref,
      status: entry.status === 'pending' ? 'pending' : 'available',
      availableAt: entry.available_at, createdAt: entry.created_at,
      site: entry.site_id, user, idempotencyKey: entry.idempotency_key,
      ...(known?.balance === undefined ? {} : { balance: known.balance }),
    } satisfies AdminLedgerEntry,
  };
  await trx.insertInto('webhook_outbox')
    .values({ site_id: site.id, payload: JSON.stringify(body), attempts: 0, next_attempt_at: entry.created_at })
    .execute();
  work.afterCommit('webhooks', kickWebhooks);
}

export { isPrivateAddress } from '../net/addresses.js';

/**
 * POSTs a signed body through the safe fetcher; resolves to the HTTP status. Redirects are not
 * followed. `allowPrivate` (the site's `webhookAllowPrivate`) lets a receiver on the operator's
 * own network through; the URL is always the site's configuration, never a request's.
 */
export async function postWebhook(url: string, body: string, secret: string, allowPrivate: boolean): Promise<number> {
  const res = await safeFetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Teahouse-Webhook/1',
      [SIGNATURE_HEADER]: signBody(secret, body),
    },
    body,
    timeoutMs: TIMEOUT_MS,
    maxRedirects: 0,
    ...(allowPrivate ? { allowAddress: () => true } : {}),
  });
  return res.status;
}

/** Delivers queued webhooks after commit, with retries and backoff, while the app runs. */
export class WebhookDispatcher {
  readonly #db: Database;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running = false;
  #again = false;
  #stopped = false;

  constructor(db: Database) {
    this.#db = db;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.kick(), POLL_MS);
    this.#timer.unref?.();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void this.#drain().finally(() => {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  /** Delivers everything due now; returns how many deliveries were attempted. */
  async #drain(): Promise<number> {
    let attempted = 0;
    try {
      const now = new Date();
      const due = await this.#db.kysely.selectFrom('webhook_outbox').selectAll()
        .where('delivered_at', 'is', null).where('next_attempt_at', '<=', now.toISOString())
        .orderBy('id').limit(50).execute();
      const sites = new Map<string, Site | null>();
      for (const row of due) {
        if (this.#stopped) break;
        // Claim the row so that another instance does not deliver it at the same time.
        const claimed = await this.#db.write((work) => work.trx.updateTable('webhook_outbox')
          .set({ next_attempt_at: new Date(Date.now() + LEASE_MS).toISOString() })
          .where('id', '=', row.id).where('next_attempt_at', '=', row.next_attempt_at).where('delivered_at', 'is', null)
          .executeTakeFirst());
        if (claimed.numUpdatedRows === 0n) continue;
        if (!sites.has(row.site_id)) sites.set(row.site_id, await loadSite(this.#db, row.site_id).catch(() => null));
        const site = sites.get(row.site_id);
        // The URL always comes from the site's configuration at delivery time, never from a request.
        const hook = site ? rewardsOf(site).webhook : null;
        attempted++;
        let error: string | null = null;
        if (!hook) {
          error = 'the site has no webhook configured';
        } else {
          try {
            const status = await postWebhook(hook.url, row.payload, hook.secret, hook.allowPrivate);
            if (status < 200 || status >= 300) error = `HTTP ${status}`;
          } catch (e) {
            error = e instanceof Error ? e.message : String(e);
          }
        }
        const attempts = row.attempts + 1;
        await this.#db.write((work) => work.trx.updateTable('webhook_outbox')
          .set(error === null
            ? { attempts, delivered_at: new Date().toISOString(), last_error: null }
            : {
              attempts,
              last_error: error.slice(0, 500),
              next_attempt_at: attempts >= MAX_ATTEMPTS ? PARKED : new Date(Date.now() + backoff(attempts)).toISOString(),
            })
          .where('id', '=', row.id).execute());
      }
    } catch {
      // The database may be closing or restarting; the next tick tries again.
    }
    return attempted;
  }
}

/** 5 s, 10 s, 20 s … up to an hour between attempts. */
export const backoff = (attempts: number): number => Math.min(5000 * 2 ** (attempts - 1), 3_600_000);

const dispatchers = new WeakMap<Database, WebhookDispatcher>();

export function webhookDispatcher(db: Database): WebhookDispatcher {
  let d = dispatchers.get(db);
  if (!d) {
    d = new WebhookDispatcher(db);
    dispatchers.set(db, d);
  }
  return d;
}

/** Wakes the dispatcher after a commit that wrote ledger entries. */
export function kickWebhooks(db: Database): void {
  dispatchers.get(db)?.kick();
}
