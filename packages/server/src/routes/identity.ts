import type { Hono } from 'hono';
import type { GuestToken, SiteRoles, UserRole } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { limitRate } from '../abuse/guard.js';
import { createGuest } from '../auth/guest.js';
import { listRoles, setGrant, userRole } from '../auth/roles.js';
import type { SiteCache } from '../sites/sites.js';
import { register, type RouteOptions } from './route.js';

/** Guest mode (`POST …/guests`) and the admin API for roles (`/v1/admin/sites/{site}/roles…`). */
export function identityRoutes(app: Hono, db: Database, sites: SiteCache, options: RouteOptions): void {
  register(app, routeTable.createGuest, async (c) => {
    const site = c.var.site;
    await limitRate(c, site, 'guests');
    c.header('Cache-Control', 'no-store');
    return c.json((await createGuest(db, site, c.req.valid('json').name)) satisfies GuestToken, 201);
  }, options);

  register(app, routeTable.adminListRoles, (c) => c.json({ roles: listRoles(c.var.site) } satisfies SiteRoles), options);

  register(app, routeTable.adminGetRole, (c) => c.json(userRole(c.var.site, c.req.valid('param').user) satisfies UserRole), options);

  register(app, routeTable.adminGrantRole, async (c) => {
    const result = await setGrant(db, c.var.site, c.req.valid('param').user, c.req.valid('json').role);
    sites.forget(c.var.site.id);
    return c.json(result satisfies UserRole);
  }, options);

  register(app, routeTable.adminRevokeRole, async (c) => {
    const result = await setGrant(db, c.var.site, c.req.valid('param').user, null);
    sites.forget(c.var.site.id);
    return c.json(result satisfies UserRole);
  }, options);
}
