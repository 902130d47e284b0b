import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { notFound } from '../errors.js';

/** A key a site's host signs reader tokens with (HS256). */
export interface SigningKey {
  /** Named in a token's `kid` header. */
  kid: string;
  secret: string;
  createdAt: string;
  /** When it stops verifying; null: no end. */
  expiresAt: string | null;
}

/** A key as a site seed lists it. */
export interface SeedKey {
  kid: string;
  secret: string;
  /** ISO time after which the key no longer verifies. @default no end */
  expires?: string;
}

/** Key ids: what the `kid` header may carry. */
export const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** What `rotate-secret` leaves the old keys valid for when no overlap is given. */
export const DEFAULT_OVERLAP_SECONDS = 86_400;

/** 32 random bytes, base64url: a site secret or a server secret. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** `k20250601-Xy3_`: the day it was made, for people reading `site list`, and a random part. */
export const newKid = (): string => `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('base64url')}`;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `30m`, `12h`, `7d` or `0` (seconds when no unit) as seconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNITS[match[2] || 's']!;
}

/** Keys that still verify at `now`: the primary (the site's `secret`) first, then the newest. */
export function validKeys(site: { secret: string; keys: readonly SigningKey[] }, now = Date.now()): SigningKey[] {
  return site.keys
    .filter((key) => key.secret !== '' && (key.expiresAt === null || Date.parse(key.expiresAt) > now))
    .sort((a, b) => Number(b.secret === site.secret) - Number(a.secret === site.secret) || b.createdAt.localeCompare(a.createdAt));
}

export async function loadKeys(kysely: Kysely<Tables>, siteId: string): Promise<SigningKey[]> {
  const rows = await kysely.selectFrom('site_keys').selectAll().where('site_id', '=', siteId).orderBy('created_at', 'desc').execute();
  return rows.map((row) => ({ kid: row.kid, secret: row.secret, createdAt: row.created_at, expiresAt: row.expires_at }));
}

/** Refuses what must never verify a token: empty secrets, bad ids, unreadable expiry times. */
export function checkSeedKeys(siteId: string, secret: string, keys: readonly SeedKey[] | undefined): void {
  if (typeof secret !== 'string' || secret === '') throw new Error(`site "${siteId}" needs a non-empty secret`);
  const kids = new Set<string>();
  for (const key of keys ?? []) {
    if (!KID_PATTERN.test(key.kid)) throw new Error(`site "${siteId}": key id "${key.kid}" must be 1–64 letters, digits, . _ or -`);
    if (kids.has(key.kid)) throw new Error(`site "${siteId}": key id "${key.kid}" is listed twice`);
    kids.add(key.kid);
    if (typeof key.secret !== 'string' || key.secret === '') throw new Error(`site "${siteId}": key "${key.kid}" needs a non-empty secret`);
    if (key.expires !== undefined && Number.isNaN(Date.parse(key.expires))) {
      throw new Error(`site "${siteId}": key "${key.kid}" expires at "${key.expires}", which is not a date`);
    }
  }
}

/**
 * Stores a seed's keys without undoing a rotation: keys listed in `keys` are written as listed;
 * a `secret` the site already had before (current, rotated out or expired) changes nothing; a
 * new `secret` becomes the primary key and ends every other key not listed in `keys` at once, as
 * replacing a leaked secret in the configuration should.
 */
export async function seedKeys(trx: Kysely<Tables>, siteId: string, secret: string, keys: readonly SeedKey[] = []): Promise<void> {
  const now = new Date().toISOString();
  const known = await loadKeys(trx, siteId);
  for (const key of keys) {
    const expires = key.expires === undefined ? null : new Date(key.expires).toISOString();
    if (known.some((k) => k.kid === key.kid)) {
      await trx.updateTable('site_keys').set({ secret: key.secret, expires_at: expires })
        .where('site_id', '=', siteId).where('kid', '=', key.kid).execute();
    } else {
      await trx.insertInto('site_keys').values({ site_id: siteId, kid: key.kid, secret: key.secret, created_at: now, expires_at: expires }).execute();
    }
  }
  if (known.some((key) => key.secret === secret)) return;
  const listed = new Set(keys.map((key) => key.kid));
  if (!keys.some((key) => key.secret === secret)) {
    await trx.insertInto('site_keys').values({ site_id: siteId, kid: newKid(), secret, created_at: now, expires_at: null }).execute();
  }
  for (const key of known) {
    if (listed.has(key.kid) || (key.expiresAt !== null && key.expiresAt <= now)) continue;
    await trx.updateTable('site_keys').set({ expires_at: now }).where('site_id', '=', siteId).where('kid', '=', key.kid).execute();
  }
  await trx.updateTable('sites').set({ secret }).where('id', '=', siteId).execute();
}

/** What a rotation made: the new primary key, and when the keys before it stop verifying. */
export interface Rotation {
  kid: string;
  secret: string;
  /** The end of the overlap. */
  oldKeysExpireAt: string;
}

/**
 * Adds a new primary key and keeps the keys before it valid for `overlapSeconds` (a key that
 * already ends sooner keeps its end). Hosts switch to the new key during the overlap.
 */
export async function rotateKey(db: Database, siteId: string, overlapSeconds = DEFAULT_OVERLAP_SECONDS): Promise<Rotation> {
  const now = Date.now();
  const created = new Date(now).toISOString();
  const ends = new Date(now + overlapSeconds * 1000).toISOString();
  const rotation = { kid: newKid(), secret: newSecret(), oldKeysExpireAt: ends };
  await db.write(async ({ trx }) => {
    const site = await trx.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst();
    if (!site) throw notFound(`unknown site "${siteId}"`);
    await trx.updateTable('site_keys').set({ expires_at: ends }).where('site_id', '=', siteId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', ends)])).execute();
    await trx.insertInto('site_keys').values({ site_id: siteId, kid: rotation.kid, secret: rotation.secret, created_at: created, expires_at: null }).execute();
    await trx.updateTable('sites').set({ secret: rotation.secret }).where('id', '=', siteId).execute();
  });
  return rotation;
}
