import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.js';
import { forbidden, unauthorized } from '../errors.js';
import { newId } from '../db/ids.js';
import type { Site } from '../sites/sites.js';

export const API_KEY_PREFIX = 'thk_';
const KEY_PATTERN = /^thk_[A-Za-z0-9_-]{43}$/;

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Creates a site admin API key; the key is returned once and only its SHA-256 is stored. */
export async function createApiKey(db: Database, siteId: string, label?: string): Promise<string> {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.write(async ({ trx }) => {
    const site = await trx.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst();
    if (!site) throw new Error(`unknown site "${siteId}"`);
    await trx.insertInto('site_api_keys')
      .values({ id: newId(), site_id: siteId, key_hash: hashKey(key), label: label ?? null, created_at: new Date().toISOString(), revoked_at: null })
      .execute();
  });
  return key;
}

/**
 * Checks a site API key for server-to-server calls under `/v1/admin/sites/{site}/…`: one of that
 * site's keys, not revoked. Keys are compared by hash, so the table holds nothing that could be
 * replayed. Answers the key's label (the start of its hash when it has none), as the audit log
 * names it.
 */
export async function findApiKey(db: Database, site: Site, key: string): Promise<string> {
  if (!KEY_PATTERN.test(key)) throw unauthorized('not a site API key');
  const hash = hashKey(key);
  const row = await db.kysely.selectFrom('site_api_keys').select(['site_id', 'revoked_at', 'label'])
    .where('key_hash', '=', hash).executeTakeFirst();
  if (!row || row.revoked_at !== null) throw unauthorized('unknown or revoked API key');
  if (row.site_id !== site.id) throw forbidden('this API key belongs to another site');
  return row.label ?? `key ${hash.slice(0, 8)}`;
}
