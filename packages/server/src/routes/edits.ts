import type { Hono } from 'hono';
import type { FloorSource, PreviewResult } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { personOf } from '../middleware/identity/identity.js';
import { deleteFloor, editFloor, floorSource, previewBody } from '../threads/edits.js';
import { limitRate } from '../abuse/guard.js';
import { moderateEdit } from '../moderation/posting.js';
import { register, type RouteOptions } from './route.js';

/** Editing and deleting one's own floor, and previewing a body. */
export function editRoutes(app: Hono, db: Database, options: RouteOptions): void {
  register(app, routeTable.editFloor, async (c) => {
    const site = c.var.site;
    const { number } = c.req.valid('param');
    const { token: user } = await personOf(c);
    await limitRate(c, site, 'edits', user.sub);
    const input = c.req.valid('json');
    const verdict = await moderateEdit(db, site, user, input.body);
    return c.json(await editFloor(db, site, user, input.page, number, input.body, verdict));
  }, options);

  register(app, routeTable.deleteFloor, async (c) => {
    const { number } = c.req.valid('param');
    const { page } = c.req.valid('query');
    const { token: user } = await personOf(c);
    return c.json(await deleteFloor(db, c.var.site, user, page, number));
  }, options);

  register(app, routeTable.floorSource, async (c) => {
    const { number } = c.req.valid('param');
    const { page } = c.req.valid('query');
    const { token: user } = await personOf(c);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ source: await floorSource(db, c.var.site, user, page, number) } satisfies FloorSource);
  }, options);

  register(app, routeTable.preview, async (c) => {
    const input = c.req.valid('json');
    return c.json({ body: await previewBody(db, c.var.site, input.body) } satisfies PreviewResult);
  }, options);
}
