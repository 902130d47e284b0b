import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { AdminLedgerEntry, LedgerWebhook } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import type { Kysely, Selectable } from 'kysely';
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
 * Queues the webhook for a ledger entry in the entry's own transaction (the outbox), so a
 * delivery exists exactly when the entry committed. Delivery happens after commit.
 */
export async function enqueueWebhook(
  trx: Kysely<Tables>,
  site: Site,
  entry: Selectable<LedgerEntriesTable>,
  known?: { user: string; balance?: number },
): Promise<void> {
  if (!rewardsOf(site).webhook) return;
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
}

// Loopback, private, link-local, shared, reserved and multicast ranges: a webhook never reaches
// the server's own network unless the site's configuration explicitly allows it.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return blocked.check(address, 'ipv4');
}

/**
 * Resolves the host and refuses private targets in the same step that picks the address to
 * connect to, so a DNS answer cannot change between the check and the connection.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as unknown as LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) return callback(Object.assign(new Error(`webhook target ${hostname} resolves to a private address`), { code: 'EPRIVATE' }), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/** POSTs a signed body; resolves to the HTTP status. Redirects are not followed. */
export function postWebhook(url: string, body: string, secret: string, allowPrivate: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new Error('invalid webhook URL'));
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') return reject(new Error('webhook URLs must be http or https'));
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) return reject(new Error(`webhook target ${host} is a private address`));
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'Teahouse-Webhook/1',
        [SIGNATURE_HEADER]: signBody(secret, body),
      },
      timeout: TIMEOUT_MS,
      ...(allowPrivate ? {} : { lookup: guardedLookup }),
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('webhook timed out')));
    req.on('error', reject);
    req.end(body);
  });
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
      await this.#db.ready;
      const now = new Date();
      const due = await this.#db.kysely.selectFrom('webhook_outbox').selectAll()
        .where('delivered_at', 'is', null).where('next_attempt_at', '<=', now.toISOString())
        .orderBy('id').limit(50).execute();
      const sites = new Map<string, Site | null>();
      for (const row of due) {
        if (this.#stopped) break;
        // Claim the row so that another instance does not deliver it at the same time.
        const claimed = await this.#db.kysely.updateTable('webhook_outbox')
          .set({ next_attempt_at: new Date(Date.now() + LEASE_MS).toISOString() })
          .where('id', '=', row.id).where('next_attempt_at', '=', row.next_attempt_at).where('delivered_at', 'is', null)
          .executeTakeFirst();
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
        await this.#db.kysely.updateTable('webhook_outbox')
          .set(error === null
            ? { attempts, delivered_at: new Date().toISOString(), last_error: null }
            : {
              attempts,
              last_error: error.slice(0, 500),
              next_attempt_at: attempts >= MAX_ATTEMPTS ? PARKED : new Date(Date.now() + backoff(attempts)).toISOString(),
            })
          .where('id', '=', row.id).execute();
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
