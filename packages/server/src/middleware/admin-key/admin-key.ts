import { createHash, randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { SITE_ID_PATTERN } from '@teahouse/protocol';
import type { Database } from '../../db/database.js';
import { ApiError, unauthorized } from '../../errors.js';
import { newId } from '../../db/ids.js';
import type { Site, SiteCache } from '../../sites/sites.js';

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

export type AdminVariables = { site: Site };

/**
 * Server-to-server calls under `/v1/admin/sites/{site}/…`: `Authorization: Bearer thk_…`, a
 * key of that site that has not been revoked. Keys are compared by hash, so the table holds
 * nothing that could be replayed.
 */
export function adminKey(db: Database, sites: SiteCache): MiddlewareHandler<{ Variables: AdminVariables }> {
  return async (c, next) => {
    const siteId = c.req.param('site') ?? '';
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match?.[1]) throw unauthorized('send the site API key as Authorization: Bearer thk_…');
    if (!KEY_PATTERN.test(match[1])) throw unauthorized('not a site API key');
    if (!SITE_ID_PATTERN.test(siteId)) throw new ApiError(404, 'not_found', `unknown site "${siteId}"`);
    const site = await sites.get(siteId);
    const row = await db.kysely.selectFrom('site_api_keys').select(['site_id', 'revoked_at'])
      .where('key_hash', '=', hashKey(match[1])).executeTakeFirst();
    if (!row || row.revoked_at !== null) throw unauthorized('unknown or revoked API key');
    if (row.site_id !== site.id) throw new ApiError(403, 'forbidden', 'this API key belongs to another site');
    c.set('site', site);
    await next();
  };
}
