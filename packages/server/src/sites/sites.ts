import { createHash } from 'node:crypto';
import { SITE_ID_PATTERN, type RewardSettings, type Role } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import { checkRewardSettings } from '../rewards/settings.js';
import { checkReactionSettings, type ReactionSettings } from '../reactions/settings.js';

/** A site as configured by the operator; upserted when the app starts. */
export interface SiteSeed {
  /** Lowercase letters, digits, `-` and `_`; the token audience. */
  id: string;
  name: string;
  /** The HS256 secret shared with the host backend that signs reader tokens. */
  secret: string;
  /** Exact origins (`https://news.example.com`) allowed to call the API from a browser. */
  origins: string[];
  /** Where the login prompt sends a reader. */
  loginUrl?: string;
  registerUrl?: string;
  /** Roles by host user id (`sub`); everyone else is a reader. */
  roles?: Record<string, Role>;
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
  rewards?: RewardSettings;
  rulesUrl?: string;
  maxDepth?: number;
  loginUrl?: string;
  registerUrl?: string;
  roles?: Record<string, Role>;
  reactions?: ReactionSettings;
}

/** A site as the request path needs it. */
export interface Site {
  id: string;
  name: string;
  secret: string;
  origins: ReadonlySet<string>;
  settings: SiteSettings;
  /** Changes whenever the public configuration changes; part of the bootstrap ETag. */
  stamp: string;
}

export async function upsertSites(db: Database, seeds: readonly SiteSeed[]): Promise<void> {
  await db.ready;
  for (const seed of seeds) {
    if (!SITE_ID_PATTERN.test(seed.id)) throw new Error(`invalid site id "${seed.id}": lowercase letters, digits, - and _`);
    if (!seed.secret) throw new Error(`site "${seed.id}" needs a secret`);
    checkReactionSettings(seed.id, seed.reactions);
    const settings: SiteSettings = {
      ...(seed.loginUrl ? { loginUrl: seed.loginUrl } : {}),
      ...(seed.registerUrl ? { registerUrl: seed.registerUrl } : {}),
      ...(seed.roles ? { roles: seed.roles } : {}),
      ...(seed.rulesUrl ? { rulesUrl: seed.rulesUrl } : {}),
      ...(seed.maxDepth !== undefined ? { maxDepth: seed.maxDepth } : {}),
      ...(seed.rewards ? { rewards: checkRewardSettings(seed.id, seed.rewards) } : {}),
      ...writingSettings(seed.settings),
      ...(seed.reactions ? { reactions: seed.reactions } : {}),
    };
    const row = {
      name: seed.name,
      secret: seed.secret,
      origins: JSON.stringify(seed.origins.map(normalizeOrigin)),
      settings: JSON.stringify(settings),
    };
    await db.kysely
      .insertInto('sites')
      .values({ id: seed.id, ...row, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }
}

export async function listSites(db: Database): Promise<Site[]> {
  await db.ready;
  const rows = await db.kysely.selectFrom('sites').selectAll().orderBy('id').execute();
  return rows.map(toSite);
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

function toSite(row: { id: string; name: string; secret: string; origins: string; settings: string }): Site {
  const origins = parseJson<unknown[]>(row.origins, []).filter((o): o is string => typeof o === 'string');
  const settings = parseJson<SiteSettings>(row.settings, {});
  const stamp = createHash('sha256')
    .update(JSON.stringify([row.name, settings.loginUrl ?? null, settings.registerUrl ?? null, writingSettings(settings), readingOf({ settings }), settings.reactions ?? null]))
    .digest('base64url')
    .slice(0, 10);
  return { id: row.id, name: row.name, secret: row.secret, origins: new Set(origins), settings, stamp };
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
    await this.#db.ready;
    const row = await this.#db.kysely.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
    const site = row ? toSite(row) : null;
    if (this.#entries.size >= MAX_CACHED_SITES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(id, { site, at: now });
    return site;
  }

  async get(id: string): Promise<Site> {
    const site = await this.find(id);
    if (!site) throw notFound(`unknown site "${id}"`);
    return site;
  }
}

/** One site straight from the database, for scripts and seeding. */
export async function loadSite(db: Database, id: string): Promise<Site> {
  await db.ready;
  const row = await db.kysely.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`unknown site "${id}"`);
  return toSite(row);
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
