import type { ReportReceipt, ReportReason } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { ApiError, notFound } from '../errors.js';
import { afterModeration } from '../notifications/lifecycle.js';
import { enqueueCommentWebhook } from '../notifications/webhooks.js';
import { externalId as externalIdOf } from '../notifications/notices.js';
import { newId } from '../db/ids.js';
import { reverseAwardsFor } from '../rewards/ledger.js';
import type { Site } from '../sites/sites.js';
import { findThread } from '../threads/threads.js';
import type { UserRow } from '../threads/users.js';
import { recordAudit } from './audit.js';
import { refuseBanned } from './bans.js';
import { moderationOf } from './settings.js';
import { changeFloor, lockFloor } from './transition.js';
import { sight } from './visibility.js';

/**
 * A reader reports a floor they can see, once: a second report by the same reader changes
 * nothing. The floor joins the queue as reported; when the site's threshold of distinct readers
 * is reached, it is hidden pending review (an `auto_hide` in the audit log), in the same
 * transaction as the report that reached it.
 */
export async function reportFloor(
  db: Database,
  site: Site,
  reporter: UserRow,
  input: { page: string; number: number; reason: ReportReason; note?: string | undefined },
): Promise<ReportReceipt> {
  await refuseBanned(db, site.id, reporter.id, 'reporting');
  const thread = await findThread(db, site.id, input.page);
  if (!thread) throw notFound(`no thread for page "${input.page}"`);
  const found = await db.kysely.selectFrom('floors').select(['id', 'status', 'shadow', 'author_user_id'])
    .where('thread_id', '=', thread.id).where('number', '=', input.number).executeTakeFirst();
  if (!found || input.number === 1 || sight({ kind: 'reader', userId: reporter.id }, found) === 'none') {
    throw notFound(`no floor ${input.number} in this thread`);
  }
  if (found.status === 'deleted') throw new ApiError(409, 'conflict', 'this floor is deleted');
  if (found.author_user_id === reporter.id) throw new ApiError(403, 'forbidden', 'you cannot report your own floor');
  const { reportThreshold } = moderationOf(site);
  const note = input.note?.trim() ? input.note.trim() : null;

  return db.write(async (work) => {
    const { trx } = work;
    const floor = await lockFloor(trx, site.id, found.id);
    if (!floor) throw notFound(`no floor ${input.number} in this thread`);
    const now = new Date().toISOString();
    const inserted = await trx.insertInto('reports')
      .values({ id: newId(), site_id: site.id, thread_id: floor.thread_id, floor_id: floor.id, user_id: reporter.id, reason: input.reason, note, created_at: now, resolved_at: null })
      .onConflict((oc) => oc.columns(['floor_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const earlier = await trx.selectFrom('reports').select(['reason', 'created_at'])
        .where('floor_id', '=', floor.id).where('user_id', '=', reporter.id).executeTakeFirstOrThrow();
      return { floor: floor.number, reason: earlier.reason, createdAt: earlier.created_at, created: false };
    }
    // A floor held for review stays `pending` in the queue; any other joins it as reported.
    await trx.insertInto('moderation_queue')
      .values({ floor_id: floor.id, site_id: site.id, thread_id: floor.thread_id, kind: 'reported', cause: null, queued_at: now })
      .onConflict((oc) => oc.column('floor_id').doNothing())
      .execute();
    const open = await trx.selectFrom('reports').select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('floor_id', '=', floor.id).where('resolved_at', 'is', null).executeTakeFirstOrThrow();
    const hide = reportThreshold > 0 && Number(open.n) >= reportThreshold && floor.status === 'published';
    if (hide) {
      await changeFloor(work, site.id, floor, { status: 'hidden', pinned_at: null });
      await reverseAwardsFor(work, site, `floor:${floor.id}`);
      await afterModeration(work, site, floor, 'auto_hide', { status: 'hidden', pinned: false }, null);
      await recordAudit(trx, {
        siteId: site.id, actor: { kind: 'system', label: 'reports' }, action: 'auto_hide',
        reason: `reported by ${Number(open.n)} readers`,
        floor: { id: floor.id, threadId: floor.thread_id, page: floor.page, number: floor.number },
        userId: floor.author_user_id, status: { from: 'published', to: 'hidden' },
      });
    }
    await enqueueCommentWebhook(work, site, 'report.created', { page: floor.page, actor: await externalIdOf(trx, reporter.id), reason: input.reason });
    return { floor: floor.number, reason: input.reason, createdAt: now, created: true };
  });
}
