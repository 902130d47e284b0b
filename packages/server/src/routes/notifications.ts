import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { NoticeList, NotifyPrefs, UnreadCount } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { forbidden } from '../errors.js';
import { personOf } from '../middleware/identity/identity.js';
import { noticeHub } from '../notifications/hub.js';
import { checkUnsubscribe, prefsOf, savePrefs } from '../notifications/mail.js';
import { listNotices, markRead, unreadCount } from '../notifications/notices.js';
import { localeOf } from '../sites/locale.js';
import { unsubscribePage } from '../notifications/templates.js';
import type { Site } from '../sites/sites.js';
import { register, type RouteOptions } from './route.js';

export interface NoticeRouteOptions extends RouteOptions {
  /** A comment line after this much silence keeps proxies from closing the stream. @default 25000 */
  heartbeatMs?: number;
}

const DEFAULT_NOTICES = 20;

/** The signed-in caller's stored user, their address following the token's `email` claim for a host reader. */
async function personUser(db: Database, c: Context): Promise<{ site: Site; userId: string; guest: boolean }> {
  const site = c.var.site as Site;
  const person = await personOf(c);
  const user = await person.user();
  if (person.kind === 'reader' && person.token.email !== undefined) {
    const prefs = await prefsOf(db, site, user.id);
    if (prefs.email !== person.token.email) await savePrefs(db, site, user.id, { email: person.token.email });
  }
  return { site, userId: user.id, guest: person.kind === 'guest' };
}

/** Notices (消息), their live unread count, mail settings and the one-click unsubscribe. */
export function notificationRoutes(app: Hono, db: Database, options: NoticeRouteOptions = {}): void {
  const heartbeatMs = options.heartbeatMs ?? 25_000;

  register(app, routeTable.listNotices, async (c) => {
    const { site, userId } = await personUser(db, c);
    const query = c.req.valid('query');
    c.header('Cache-Control', 'private, no-store');
    return c.json(await listNotices(db, site.id, userId, query.cursor, query.limit ?? DEFAULT_NOTICES) satisfies NoticeList);
  }, options);

  register(app, routeTable.unreadNotices, async (c) => {
    const { site, userId } = await personUser(db, c);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ unread: await unreadCount(db, site.id, userId) } satisfies UnreadCount);
  }, options);

  register(app, routeTable.markNotices, async (c) => {
    const { site, userId } = await personUser(db, c);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ unread: await markRead(db, site.id, userId, c.req.valid('json')) } satisfies UnreadCount);
  }, options);

  register(app, routeTable.noticeStream, async (c) => {
    const { site, userId } = await personUser(db, c);
    c.header('X-Accel-Buffering', 'no');
    c.header('Cache-Control', 'private, no-store');
    const response = streamSSE(c, async (stream) => {
      let pending = true;
      let wake: () => void = () => {};
      const unsubscribe = noticeHub(db).subscribe(`${site.id}:${userId}`, () => {
        pending = true;
        wake();
      });
      const closed = db.events.onClose(() => wake());
      stream.onAbort(() => wake());
      try {
        while (!stream.aborted && !stream.closed && !db.events.closed) {
          if (pending) {
            pending = false;
            const unread = await unreadCount(db, site.id, userId);
            // A grouped notice's news leaves the count as it was: the widget refreshes an open list on every event.
            await stream.writeSSE({ event: 'unread', data: JSON.stringify({ unread } satisfies UnreadCount) });
            continue;
          }
          const woken = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          wake = () => {};
          if (!woken && !stream.aborted) await stream.write(': heartbeat\n\n');
        }
      } finally {
        unsubscribe();
        closed();
      }
    });
    response.headers.set('Connection', 'close');
    return response;
  }, options);

  register(app, routeTable.notifyPrefs, async (c) => {
    const { site, userId } = await personUser(db, c);
    c.header('Cache-Control', 'private, no-store');
    return c.json(await prefsOf(db, site, userId) satisfies NotifyPrefs);
  }, options);

  register(app, routeTable.setNotifyPrefs, async (c) => {
    const { site, userId, guest } = await personUser(db, c);
    const input = c.req.valid('json');
    if (input.email !== undefined && !guest) throw forbidden("a reader's address comes from the host's token (its email claim)");
    await savePrefs(db, site, userId, input);
    c.header('Cache-Control', 'private, no-store');
    return c.json(await prefsOf(db, site, userId) satisfies NotifyPrefs);
  }, options);

  const unsubscribe = (done: boolean) => async (c: Context) => {
    const site = c.var.site as Site;
    const { u, t } = c.req.query() as { u: string; t: string };
    if (!checkUnsubscribe(site, u, t)) throw forbidden('this unsubscribe link is not valid');
    const user = await db.kysely.selectFrom('users').select('id').where('site_id', '=', site.id).where('id', '=', u).executeTakeFirst();
    if (!user) throw forbidden('this unsubscribe link is not valid');
    if (done) await savePrefs(db, site, u, { mode: 'none' });
    const prefs = await prefsOf(db, site, u);
    c.header('Cache-Control', 'no-store');
    return c.html(unsubscribePage(prefs.locale ?? localeOf(site.settings), done));
  };
  register(app, routeTable.unsubscribePage, unsubscribe(false), options);
  register(app, routeTable.unsubscribe, unsubscribe(true), options);
}
