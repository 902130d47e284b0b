import { SiteSettings, SITE_SETTING_KEYS, type SiteDefinition } from '@teahouse/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { conflict, notFound } from '../errors.js';
import { newSecret, seedKeys, validKeys } from '../auth/keys.js';
import { loadSite, normalizeOrigin, type SiteSettings as StoredSettings } from './sites.js';

// What an operator does to a site without writing code: create or update it from flags or a
// file, set one setting by its dotted key, show it with its secrets masked, remove it, and
// revoke an admin API key. Every change is validated by the protocol's SiteSettings schema.

/** What `site show` prints in place of a secret; given back by `site apply`, it keeps the stored one. */
export const MASK = '********-masked-********';

/** One problem with a setting: the dotted path that is wrong, and why. */
export interface SettingIssue {
  path: (string | number)[];
  message: string;
}

/** A change that does not validate; `issues` name each key that is wrong. */
export class SettingsError extends Error {
  readonly issues: SettingIssue[];

  constructor(issues: SettingIssue[]) {
    super(issues.map((issue) => `${dotted(issue.path) || '(settings)'}: ${issue.message}`).join('; '));
    this.issues = issues;
  }
}

export const dotted = (path: readonly (string | number | symbol)[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');

/** The settings, checked; a masked webhook secret is the stored one. */
function checked(settings: Record<string, unknown>, stored: StoredSettings): StoredSettings {
  const rewards = settings.rewards as { webhookSecret?: unknown } | undefined;
  if (rewards?.webhookSecret === MASK) {
    const kept = stored.rewards?.webhookSecret;
    if (kept) rewards.webhookSecret = kept;
    else delete rewards.webhookSecret;
  }
  const result = SiteSettings.safeParse(settings);
  if (!result.success) throw new SettingsError(result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })));
  return result.data as StoredSettings;
}

const parseStored = (text: string): StoredSettings => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as StoredSettings) : {};
  } catch {
    return {};
  }
};

async function readRow(k: Kysely<Tables>, id: string) {
  return k.selectFrom('sites').select(['id', 'name', 'origins', 'settings']).where('id', '=', id).executeTakeFirst();
}

export interface SaveResult {
  created: boolean;
  /** A new site's generated signing secret, shown once. */
  secret?: string;
  /** Top-level settings that changed. */
  changed: string[];
}

/**
 * Creates a site, or updates one when `update` is true (otherwise an existing id is a conflict).
 * An update changes only what `definition` names: origins are added to the ones the site has,
 * each setting given replaces that setting, and everything else is kept.
 */
export async function saveSite(db: Database, definition: SiteDefinition & { secret?: string }, options: { update: boolean }): Promise<SaveResult> {
  const { id, name, origins, secret: givenSecret, ...given } = definition;
  return db.kysely.transaction().execute(async (trx) => {
    const row = await readRow(trx, id);
    if (row && !options.update) throw conflict(`site "${id}" exists: pass --update to change it (nothing it has is dropped)`);
    const stored = row ? parseStored(row.settings) : {};
    const merged: Record<string, unknown> = { ...stored };
    for (const [key, value] of Object.entries(given)) if (value !== undefined) merged[key] = value;
    const settings = checked(merged, stored);
    const changed: string[] = SITE_SETTING_KEYS.filter((key) => JSON.stringify(stored[key as keyof StoredSettings]) !== JSON.stringify(settings[key as keyof StoredSettings]));
    const had = row ? (JSON.parse(row.origins) as string[]) : [];
    const allowed = [...new Set([...had, ...(origins ?? []).map(normalizeOrigin)])];
    if (allowed.length !== had.length) changed.push('origins');
    if (row) {
      if (name !== undefined && name !== row.name) changed.push('name');
      await trx.updateTable('sites')
        .set({ name: name ?? row.name, origins: JSON.stringify(allowed), settings: JSON.stringify(settings) })
        .where('id', '=', id).execute();
      return { created: false, changed };
    }
    const secret = givenSecret ?? newSecret();
    await trx.insertInto('sites').values({
      id, name: name ?? id, secret, server_secret: newSecret(), origins: JSON.stringify(allowed), settings: JSON.stringify(settings),
      created_at: new Date().toISOString(),
    }).execute();
    await seedKeys(trx, id, secret, undefined);
    return { created: true, changed, ...(givenSecret ? {} : { secret }) };
  });
}

type Path = (string | number)[];

/** `rewards.rules.0.points` (or `rewards.rules[0].points`) as a path; the first key must be a setting. */
export function settingPath(key: string): Path {
  const path: Path = key.replace(/\[(\d+)\]/g, '.$1').split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (path.some((part) => part === '')) throw new SettingsError([{ path: [], message: `"${key}" is not a setting key` }]);
  const head = path[0];
  if (typeof head !== 'string' || !(SITE_SETTING_KEYS as string[]).includes(head)) {
    throw new SettingsError([{ path, message: `not a setting (known: name, ${SITE_SETTING_KEYS.join(', ')})` }]);
  }
  return path;
}

function setIn(target: Record<string, unknown>, path: Path, value: unknown): void {
  let node: Record<string | number, unknown> = target;
  path.forEach((part, i) => {
    if (i === path.length - 1) {
      node[part] = value;
      return;
    }
    const next = node[part];
    if (next === null || typeof next !== 'object') node[part] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[part] as Record<string | number, unknown>;
  });
}

function deleteIn(target: Record<string, unknown>, path: Path): boolean {
  let node: unknown = target;
  for (const part of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[part];
  }
  if (node === null || typeof node !== 'object') return false;
  const last = path[path.length - 1]!;
  if (Array.isArray(node) && typeof last === 'number') {
    if (last >= node.length) return false;
    node.splice(last, 1);
    return true;
  }
  if (!(last in node)) return false;
  delete (node as Record<string | number, unknown>)[last];
  return true;
}

async function changeSettings(db: Database, id: string, change: (settings: Record<string, unknown>) => void): Promise<StoredSettings> {
  return db.kysely.transaction().execute(async (trx) => {
    const row = await readRow(trx, id);
    if (!row) throw notFound(`unknown site "${id}"`);
    const stored = parseStored(row.settings);
    const draft = structuredClone(stored) as Record<string, unknown>;
    change(draft);
    const settings = checked(draft, stored);
    await trx.updateTable('sites').set({ settings: JSON.stringify(settings) }).where('id', '=', id).execute();
    return settings;
  });
}

/**
 * Sets one setting by its dotted key. `value` is what the operator typed, read as YAML (so `3`,
 * `true`, `[a, b]` and `{name: 积分}` mean what they look like); where the schema wants text, the
 * text as typed is taken. `name` renames the site.
 */
export async function setSetting(db: Database, id: string, key: string, value: string, parse: (text: string) => unknown): Promise<void> {
  if (key === 'name') {
    if (!value.trim()) throw new SettingsError([{ path: ['name'], message: 'a site needs a name' }]);
      const updated = await db.kysely.updateTable('sites').set({ name: value }).where('id', '=', id).executeTakeFirst();
    if (!updated.numUpdatedRows) throw notFound(`unknown site "${id}"`);
    return;
  }
  const path = settingPath(key);
  let parsed: unknown;
  try {
    parsed = parse(value);
  } catch {
    parsed = value;
  }
  try {
    await changeSettings(db, id, (settings) => setIn(settings, path, parsed));
  } catch (error) {
    if (!(error instanceof SettingsError) || typeof parsed === 'string') throw error;
    // `2024` for a currency name, `0123` for a label: the schema wanted the text as typed.
    await changeSettings(db, id, (settings) => setIn(settings, path, value)).catch(() => {
      throw error;
    });
  }
}

/** Removes one setting (it falls back to its default). */
export async function unsetSetting(db: Database, id: string, key: string): Promise<boolean> {
  const path = settingPath(key);
  let removed = false;
  await changeSettings(db, id, (settings) => {
    removed = deleteIn(settings, path);
  });
  return removed;
}

/** A site as a configuration file would describe it, secrets masked, plus its keys. */
export interface SiteView {
  definition: SiteDefinition;
  signingKeys: { kid: string; primary: boolean; expiresAt: string | null }[];
  apiKeys: { id: string; label: string | null; createdAt: string; revokedAt: string | null }[];
}

export async function showSite(db: Database, id: string): Promise<SiteView> {
  const site = await loadSite(db, id);
  const settings = structuredClone(site.settings) as StoredSettings;
  if (settings.rewards?.webhookSecret) settings.rewards.webhookSecret = MASK;
  const apiKeys = await db.kysely.selectFrom('site_api_keys').select(['id', 'label', 'created_at', 'revoked_at'])
    .where('site_id', '=', id).orderBy('created_at').execute();
  return {
    definition: { id: site.id, name: site.name, origins: [...site.origins], ...settings } as SiteDefinition,
    signingKeys: validKeys(site).map((key) => ({ kid: key.kid, primary: key.secret === site.secret, expiresAt: key.expiresAt })),
    apiKeys: apiKeys.map((k) => ({ id: k.id, label: k.label, createdAt: k.created_at, revokedAt: k.revoked_at })),
  };
}

/** Deletes a site and everything it holds (threads, floors, readers, ledger, …); returns its thread count. */
export async function removeSite(db: Database, id: string): Promise<{ threads: number }> {
  return db.kysely.transaction().execute(async (trx) => {
    if (!(await readRow(trx, id))) throw notFound(`unknown site "${id}"`);
    const { n } = await trx.selectFrom('threads').select((eb) => eb.fn.countAll<number | string>().as('n')).where('site_id', '=', id).executeTakeFirstOrThrow();
    await trx.deleteFrom('sites').where('id', '=', id).execute();
    return { threads: Number(n) };
  });
}

/**
 * Revokes an admin API key, named by its id (as `site show` lists it) or given whole. A revoked
 * key is refused at once; revoking it again changes nothing.
 */
export async function revokeApiKey(db: Database, siteId: string, key: string, hash: (key: string) => string): Promise<{ id: string; already: boolean }> {
  const row = await db.kysely.selectFrom('site_api_keys').select(['id', 'site_id', 'revoked_at'])
    .where((eb) => eb.or([eb('id', '=', key), eb('key_hash', '=', hash(key))]))
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  if (!row) throw notFound(`site "${siteId}" has no API key "${key.slice(0, 12)}${key.length > 12 ? '…' : ''}"`);
  if (row.revoked_at !== null) return { id: row.id, already: true };
  await db.kysely.updateTable('site_api_keys').set({ revoked_at: new Date().toISOString() }).where('id', '=', row.id).execute();
  return { id: row.id, already: false };
}
