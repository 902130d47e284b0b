import { createHash } from 'node:crypto';
import {
  SITE_ID_PATTERN, type GrantedRole, type Locale, type ModerationSettings, type NotificationSettings, type RewardSettings, type Role,
} from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import { checkSeedKeys, loadKeys, newSecret, seedKeys, type SeedKey, type SigningKey } from '../auth/keys.js';
import { loadGrants } from '../auth/roles.js';
import { checkRewardSettings } from '../rewards/settings.js';
import { checkReactionSettings, type ReactionSettings } from '../reactions/settings.js';
import { checkLimitSettings, type LimitSettings } from '../abuse/settings.js';
import { checkModerationSettings } from '../moderation/settings.js';
import { checkNotificationSettings } from '../notifications/settings.js';

/** A site as configured by the operator; upserted when the app starts. */
export interface SiteSeed {
  /** Lowercase letters, digits, `-` and `_`; the token audience. */
  id: string;
  name: string;
  /**
   * The HS256 secret shared with the host backend that signs reader tokens: the primary key. A
   * secret the site already had changes nothing (so a restart never undoes `rotate-secret`); a new
   * one replaces every key not listed in `keys` at once.
   */
  secret: string;
  /** More keys, by id (`kid` header), e.g. an old one with `expires` while hosts move over. */
  keys?: SeedKey[];
  /** Exact origins (`https://news.example.com`) allowed to call the API from a browser. */
  origins: string[];
  /** Where the login prompt sends a reader. */
  loginUrl?: string;
  registerUrl?: string;
  /** Roles by host user id (`sub`); everyone else is a reader (the admin API grants more). */
  roles?: Record<string, Role>;
  /** A token's `role` claim counts (the highest of claim, `roles` and grants wins). @default false */
  trustTokenRoles?: boolean;
  /**
   * The `iss` the host puts in its reader tokens. When set, a token with another issuer or none is
   * refused (401 `token_wrong_issuer`). @default undefined (`iss` is not checked)
   */
  issuer?: string;
  /** Guest mode: anonymous readers may post under a nickname, shown as guests. @default false */
  guests?: boolean;
  /** Writing limits; each falls back to its default. */
  settings?: WritingSettings;
  /** The site's points rules page, linked as 本版积分规则 under threads. */
  rulesUrl?: string;
  /** Share-for-points: currency, rules, caps, webhook (docs/rewards.md). @default defaults of every field */
  rewards?: RewardSettings;
  /** Deepest reply level the nested view indents to. @default 2 */
  maxDepth?: number;
  /** Reaction set and rules (anonymous reactions, own floors, who reacted, 热门回复). @default the pair 牛逼 / 垃圾 */
  reactions?: ReactionSettings;
  /** Rate limits, flood control and duplicate checks (docs/abuse.md). @default the server's limits */
  limits?: LimitSettings;
  /** Report threshold and pre-moderation (docs/moderation.md). @default { reportThreshold: 3, premoderation: 'none' } */
  moderation?: ModerationSettings;
  /** Picks the defaults of what the site does not configure: reaction labels, currency, share channels. @default 'zh-CN' */
  locale?: Locale;
  /** IP属地: new floors record and show the region they were posted from. @default true for zh-CN and zh-TW sites */
  ipRegion?: boolean;
  /** Mail caps and comment webhooks (docs/notifications.md). @default mail on, 20 a reader and 2000 a site per day, no comment webhooks */
  notifications?: NotificationSettings;
}

export interface WritingSettings {
  /** Seconds after posting during which the author may edit or delete. @default 900 */
  editWindowSeconds?: number;
  /** Characters per body, at most the protocol's 10,000. @default 10000 */
  maxBodyLength?: number;
  /** Links (autolinks included) per body. @default 10 */
  maxLinks?: number;
}

export interface SiteSettings extends WritingSettings {
  /** Picks the defaults of what the site does not configure (sites/locale.ts). @default 'zh-CN' */
  locale?: Locale;
  trustTokenRoles?: boolean;
  issuer?: string;
  guests?: boolean;
  rewards?: RewardSettings;
  rulesUrl?: string;
  maxDepth?: number;
  loginUrl?: string;
  registerUrl?: string;
  roles?: Record<string, Role>;
  reactions?: ReactionSettings;
  limits?: LimitSettings;
  moderation?: ModerationSettings;
  ipRegion?: boolean;
  notifications?: NotificationSettings;
}

/** A site as the request path needs it. */
export interface Site {
  id: string;
  name: string;
  /** The primary key's secret. */
  secret: string;
  /** Every signing key, ended ones included (`validKeys()` picks those that verify). */
  keys: readonly SigningKey[];
  /** Signs guest and visitor tokens; never leaves the server. */
  serverSecret: string;
  origins: ReadonlySet<string>;
  settings: SiteSettings;
  /** Roles granted through the admin API, by host user id. */
  grants: ReadonlyMap<string, GrantedRole>;
  /** Changes whenever the public configuration changes; part of the bootstrap ETag. */
  stamp: string;
}

export async function upsertSites(db: Database, seeds: readonly SiteSeed[]): Promise<void> {
  for (const seed of seeds) {
    if (!SITE_ID_PATTERN.test(seed.id)) throw new Error(`invalid site id "${seed.id}": lowercase letters, digits, - and _`);
    checkSeedKeys(seed.id, seed.secret, seed.keys);
    checkReactionSettings(seed.id, seed.reactions);
    const settings: SiteSettings = {
      ...(seed.locale ? { locale: seed.locale } : {}),
      ...(seed.loginUrl ? { loginUrl: seed.loginUrl } : {}),
      ...(seed.registerUrl ? { registerUrl: seed.registerUrl } : {}),
      ...(seed.roles ? { roles: seed.roles } : {}),
      ...(seed.rulesUrl ? { rulesUrl: seed.rulesUrl } : {}),
      ...(seed.maxDepth !== undefined ? { maxDepth: seed.maxDepth } : {}),
      ...(seed.rewards ? { rewards: checkRewardSettings(seed.id, seed.rewards) } : {}),
      ...writingSettings(seed.settings),
      ...(seed.reactions ? { reactions: seed.reactions } : {}),
      ...(seed.trustTokenRoles === true ? { trustTokenRoles: true } : {}),
      ...(seed.issuer !== undefined ? { issuer: checkIssuer(seed.id, seed.issuer) } : {}),
      ...(seed.guests === true ? { guests: true } : {}),
      ...(seed.ipRegion !== undefined ? { ipRegion: seed.ipRegion } : {}),
      ...(seed.limits ? { limits: checkLimitSettings(`site "${seed.id}"`, seed.limits) } : {}),
      ...(seed.moderation ? { moderation: checkModerationSettings(seed.id, seed.moderation) } : {}),
      ...(seed.notifications ? { notifications: checkNotificationSettings(seed.id, seed.notifications) } : {}),
    };
    const row = {
      name: seed.name,
      origins: JSON.stringify(seed.origins.map(normalizeOrigin)),
      settings: JSON.stringify(settings),
    };
    await db.write(async ({ trx }) => {
      await trx
        .insertInto('sites')
        .values({ id: seed.id, ...row, secret: seed.secret, server_secret: newSecret(), created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
      await seedKeys(trx, seed.id, seed.secret, seed.keys);
    });
  }
}

/** An issuer is compared exactly, so one that could never match (empty, padded, endless) is refused here. */
function checkIssuer(siteId: string, issuer: unknown): string {
  if (typeof issuer !== 'string' || issuer === '' || issuer.trim() !== issuer || issuer.length > 256) {
    throw new Error(`site "${siteId}": issuer must be 1 to 256 characters without surrounding spaces`);
  }
  return issuer;
}

export async function listSites(db: Database): Promise<Site[]> {
  const rows = await db.kysely.selectFrom('sites').select('id').orderBy('id').execute();
  return Promise.all(rows.map(async (row) => (await readSite(db, row.id))!));
}

/** The site with its keys and grants; null when there is none. */
async function readSite(db: Database, id: string): Promise<Site | null> {
  let row = await db.kysely.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  if (row.server_secret === '') row = { ...row, server_secret: await fillServerSecret(db, id) };
  return toSite(row, await loadKeys(db.kysely, id), await loadGrants(db, id));
}

/** Rows written without one (by hand, or by a script) get their server secret on first read. */
function fillServerSecret(db: Database, id: string): Promise<string> {
  return db.write(async ({ trx }) => {
    await trx.updateTable('sites').set({ server_secret: newSecret() }).where('id', '=', id).where('server_secret', '=', '').execute();
    const row = await trx.selectFrom('sites').select('server_secret').where('id', '=', id).executeTakeFirstOrThrow();
    return row.server_secret;
  });
}

/** Adds an allowed origin to a site (normalised; a second add changes nothing). */
export async function addOrigin(db: Database, id: string, origin: string): Promise<string[]> {
  return updateOrigins(db, id, (origins) => [...new Set([...origins, normalizeOrigin(origin)])]);
}

/** Removes an allowed origin from a site. */
export async function removeOrigin(db: Database, id: string, origin: string): Promise<string[]> {
  const gone = normalizeOrigin(origin);
  return updateOrigins(db, id, (origins) => origins.filter((o) => o !== gone));
}

async function updateOrigins(db: Database, id: string, change: (origins: string[]) => string[]): Promise<string[]> {
  return db.write(async ({ trx }) => {
    const row = await trx.selectFrom('sites').select('origins').where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`unknown site "${id}"`);
    const origins = change(parseJson<unknown[]>(row.origins, []).filter((o): o is string => typeof o === 'string'));
    await trx.updateTable('sites').set({ origins: JSON.stringify(origins) }).where('id', '=', id).execute();
    return origins;
  });
}

/** `https://Example.com:443/` and `https://example.com` name the same origin. */
export function normalizeOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    if (url.origin !== 'null') return url.origin;
  } catch {
    // Kept verbatim: an origin that does not parse simply never matches.
  }
  return origin;
}

function toSite(
  row: { id: string; name: string; secret: string; server_secret: string; origins: string; settings: string },
  keys: SigningKey[],
  grants: Map<string, GrantedRole>,
): Site {
  const origins = parseJson<unknown[]>(row.origins, []).filter((o): o is string => typeof o === 'string');
  const settings = parseJson<SiteSettings>(row.settings, {});
  const stamp = createHash('sha256')
    .update(JSON.stringify([
      row.name, settings.loginUrl ?? null, settings.registerUrl ?? null, writingSettings(settings), readingOf({ settings }),
      settings.reactions ?? null, settings.guests === true,
    ]))
    .digest('base64url')
    .slice(0, 10);
  return {
    id: row.id, name: row.name, secret: row.secret, keys, serverSecret: row.server_secret, origins: new Set(origins), settings, grants, stamp,
  };
}

/** Only whole, non-negative numbers are kept; anything else means the default. */
function writingSettings(settings: WritingSettings | undefined): WritingSettings {
  const out: WritingSettings = {};
  for (const key of ['editWindowSeconds', 'maxBodyLength', 'maxLinks'] as const) {
    const value = settings?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) out[key] = value;
  }
  return out;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}

const SITE_TTL_MS = 10_000;
const MAX_CACHED_SITES = 1000;

/**
 * Sites are read on every request; they change rarely (operator action), so they are held
 * for a few seconds. Unknown ids are remembered too, within a bound, so that garbage
 * paths cost no query.
 */
export class SiteCache {
  readonly #db: Database;
  #entries = new Map<string, { site: Site | null; at: number }>();

  constructor(db: Database) {
    this.#db = db;
  }

  async find(id: string): Promise<Site | null> {
    const now = Date.now();
    const hit = this.#entries.get(id);
    if (hit && now - hit.at < SITE_TTL_MS) return hit.site;
    const site = await readSite(this.#db, id);
    if (this.#entries.size >= MAX_CACHED_SITES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(id, { site, at: now });
    return site;
  }

  /** The held site while fresh, without a read: undefined when it would have to be read. */
  peek(id: string): Site | null | undefined {
    const hit = this.#entries.get(id);
    return hit && Date.now() - hit.at < SITE_TTL_MS ? hit.site : undefined;
  }

  async get(id: string): Promise<Site> {
    const site = await this.find(id);
    if (!site) throw notFound(`unknown site "${id}"`);
    return site;
  }

  /** Drops the held copy, after a change made through this process (a role granted, a key rotated). */
  forget(id: string): void {
    this.#entries.delete(id);
  }
}

/** One site straight from the database, for scripts and seeding. */
export async function loadSite(db: Database, id: string): Promise<Site> {
  const site = await readSite(db, id);
  if (!site) throw notFound(`unknown site "${id}"`);
  return site;
}

export const DEFAULT_MAX_DEPTH = 2;

/** The reading settings a bootstrap carries; a depth outside 1–10 means the default. */
export function readingOf(site: Pick<Site, 'settings'>): { maxDepth: number; rulesUrl: string | null } {
  const depth = site.settings.maxDepth;
  return {
    maxDepth: typeof depth === 'number' && Number.isInteger(depth) && depth >= 1 && depth <= 10 ? depth : DEFAULT_MAX_DEPTH,
    rulesUrl: typeof site.settings.rulesUrl === 'string' && /^https?:\/\//i.test(site.settings.rulesUrl) ? site.settings.rulesUrl : null,
  };
}
