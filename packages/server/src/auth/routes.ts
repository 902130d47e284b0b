import { Hono } from 'hono';
import {
  CreateGuest, RoleParams, SetRole, SiteParams, identityRoutes as paths, routes,
  type GuestToken, type SiteRoles, type UserRole,
} from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { limitRate } from '../abuse/guard.js';
import { adminKey, type AdminVariables } from '../middleware/admin-key/admin-key.js';
import { honoPath } from '../routes/api.js';
import { jsonBody, limitBody, validate } from '../routes/validate.js';
import type { SiteCache } from '../sites/sites.js';
import { createGuest } from './guest.js';
import { listRoles, setGrant, userRole } from './roles.js';

/** Guest mode (`POST …/guests`) and the admin API for roles (`/v1/admin/sites/{site}/roles…`). */
export function identityRoutes(db: Database, sites: SiteCache): Hono {
  const api = new Hono();

  api.post(honoPath(routes.guests), limitBody(), async (c) => {
    const { site: siteId } = validate(SiteParams, c.req.param(), 'path');
    const site = await sites.get(siteId);
    await limitRate(c, site, 'guests');
    const input = validate(CreateGuest, await jsonBody(c), 'body');
    c.header('Cache-Control', 'no-store');
    return c.json((await createGuest(db, site, input.name)) satisfies GuestToken, 201);
  });

  const admin = new Hono<{ Variables: AdminVariables }>();
  admin.use('/v1/admin/sites/:site/roles', adminKey(db, sites));
  admin.use('/v1/admin/sites/:site/roles/*', adminKey(db, sites));

  admin.get(honoPath(paths.adminRoles), (c) => c.json({ roles: listRoles(c.get('site')) } satisfies SiteRoles));

  admin.get(honoPath(paths.adminRole), (c) => {
    const { user } = validate(RoleParams, c.req.param(), 'path');
    return c.json(userRole(c.get('site'), user) satisfies UserRole);
  });

  admin.put(honoPath(paths.adminRole), limitBody(), async (c) => {
    const { user } = validate(RoleParams, c.req.param(), 'path');
    const { role } = validate(SetRole, await jsonBody(c), 'body');
    const result = await setGrant(db, c.get('site'), user, role);
    sites.forget(c.get('site').id);
    return c.json(result satisfies UserRole);
  });

  admin.delete(honoPath(paths.adminRole), async (c) => {
    const { user } = validate(RoleParams, c.req.param(), 'path');
    const result = await setGrant(db, c.get('site'), user, null);
    sites.forget(c.get('site').id);
    return c.json(result satisfies UserRole);
  });

  api.route('/', admin);
  return api;
}
