import type { Database } from '../db/database.js';

/** How often readers with an open stream are checked for notices written by another process. */
export const NOTICE_POLL_MS = 2000;
const CHUNK = 500;

type Wake = () => void;

/**
 * Wakes a reader's notice streams: at once for notices committed by this process (an
 * after-commit effect), and by polling the subscribed readers' notices every couple of seconds
 * for those another instance wrote or read.
 */
export class NoticeHub {
  readonly #db: Database;
  #subscribers = new Map<string, Set<Wake>>();
  #known = new Map<string, string>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #polling = false;

  constructor(db: Database) {
    this.#db = db;
  }

  /** `key` is `<site>:<user id>`. */
  subscribe(key: string, wake: Wake): () => void {
    let set = this.#subscribers.get(key);
    if (!set) {
      set = new Set();
      this.#subscribers.set(key, set);
    }
    set.add(wake);
    this.#timer ??= setInterval(() => void this.#poll(), NOTICE_POLL_MS);
    this.#timer.unref?.();
    return () => {
      const current = this.#subscribers.get(key);
      current?.delete(wake);
      if (current?.size === 0) {
        this.#subscribers.delete(key);
        this.#known.delete(key);
      }
      if (this.#subscribers.size === 0) this.stop();
    };
  }

  wake(key: string): void {
    for (const wake of this.#subscribers.get(key) ?? []) wake();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const bySite = new Map<string, string[]>();
      for (const key of this.#subscribers.keys()) {
        const [site, user] = key.split(':') as [string, string];
        bySite.set(site, [...(bySite.get(site) ?? []), user]);
      }
      for (const [site, users] of bySite) {
        for (let i = 0; i < users.length; i += CHUNK) {
          const rows = await this.#db.kysely.selectFrom('notices')
            .select(['user_id', (eb) => eb.fn.max('updated_at').as('last'), (eb) => eb.fn.countAll<number | string>().as('n'),
              (eb) => eb.fn.count<number | string>('read_at').as('read')])
            .where('site_id', '=', site).where('user_id', 'in', users.slice(i, i + CHUNK))
            .groupBy('user_id').execute();
          for (const row of rows) {
            const key = `${site}:${row.user_id}`;
            const state = `${String(row.last)}/${String(row.n)}/${String(row.read)}`;
            if (this.#known.get(key) === state) continue;
            this.#known.set(key, state);
            // The first sighting wakes too: a notice may have landed between the stream's first read and this poll.
            this.wake(key);
          }
        }
      }
    } catch {
      // Retried on the next tick; the database may be restarting.
    } finally {
      this.#polling = false;
    }
  }
}

const hubs = new WeakMap<Database, NoticeHub>();

export function noticeHub(db: Database): NoticeHub {
  let hub = hubs.get(db);
  if (!hub) {
    hub = new NoticeHub(db);
    hubs.set(db, hub);
  }
  return hub;
}

/** The mailer of each database, when SMTP is configured: woken by new notices. */
export const mailers = new WeakMap<Database, { kick(): void }>();

/** The after-commit effect of a unit that wrote or read a reader's notices: their streams and the mailer wake. */
export const wakeReader = (siteId: string, userId: string) => (db: Database): void => {
  noticeHub(db).wake(`${siteId}:${userId}`);
  mailers.get(db)?.kick();
};
