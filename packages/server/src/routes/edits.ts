import { Hono, type Context } from 'hono';
import {
  EditFloor, FloorParams, FloorQuery, PreviewRequest, SiteParams, routes, type FloorSource, type PreviewResult,
} from '@teahouse/protocol';
import { bearerToken } from '../auth/token.js';
import { authenticate } from '../auth/identity.js';
import type { Database } from '../db/database.js';
import { unauthorized } from '../errors.js';
import type { SiteCache, Site } from '../sites/sites.js';
import { deleteFloor, editFloor, floorSource, previewBody } from '../threads/edits.js';
import { honoPath } from './api.js';
import { jsonBody, limitBody, validate } from './validate.js';
import { limitRate } from '../abuse/guard.js';
import { moderateEdit } from '../moderation/posting.js';


const limit = limitBody();

async function signedIn(c: Context, site: Site, what: string) {
  const token = bearerToken(c.req.header('authorization'));
  if (token === undefined) throw unauthorized(`${what} needs a sign-in: send Authorization: Bearer <token>`);
  return authenticate(site, token);
}

/** Editing and deleting one's own floor, and previewing a body. */
export function editRoutes(db: Database, sites: SiteCache): Hono {
  const api = new Hono();

  api.patch(honoPath(routes.floor), limit, async (c) => {
    const { site: siteId, number } = validate(FloorParams, c.req.param(), 'path');
    const site = await sites.get(siteId);
    const user = await signedIn(c, site, 'editing');
    await limitRate(c, site, 'edits', user.sub);
    const input = validate(EditFloor, await jsonBody(c), 'body');
    const verdict = await moderateEdit(db, site, user, input.body);
    return c.json(await editFloor(db, site, user, input.page, number, input.body, verdict));
  });

  api.delete(honoPath(routes.floor), async (c) => {
    const { site: siteId, number } = validate(FloorParams, c.req.param(), 'path');
    const { page } = validate(FloorQuery, c.req.query(), 'query');
    const site = await sites.get(siteId);
    const user = await signedIn(c, site, 'deleting');
    return c.json(await deleteFloor(db, site, user, page, number));
  });

  api.get(honoPath(routes.floorSource), async (c) => {
    const { site: siteId, number } = validate(FloorParams, c.req.param(), 'path');
    const { page } = validate(FloorQuery, c.req.query(), 'query');
    const site = await sites.get(siteId);
    const user = await signedIn(c, site, 'reading the source');
    c.header('Cache-Control', 'private, no-store');
    return c.json({ source: await floorSource(db, site, user, page, number) } satisfies FloorSource);
  });

  api.post(honoPath(routes.preview), limit, async (c) => {
    const { site: siteId } = validate(SiteParams, c.req.param(), 'path');
    const site = await sites.get(siteId);
    const input = validate(PreviewRequest, await jsonBody(c), 'body');
    return c.json({ body: previewBody(site, input.body) } satisfies PreviewResult);
  });

  return api;
}
