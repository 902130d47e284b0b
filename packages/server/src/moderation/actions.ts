import type { Kysely } from 'kysely';
import type { ActionResult, FloorActionName, FloorStatus } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import { awardReply } from '../rewards/actions.js';
import { reverseAwardsFor } from '../rewards/ledger.js';
import { afterModeration } from '../notifications/lifecycle.js';
import type { Site } from '../sites/sites.js';
import type { Actor } from './access.js';
import { recordAudit } from './audit.js';
import { moderatedFloor } from './queue.js';
import { changeFloor, lockFloor, type FloorState } from './transition.js';

const conflict = (message: string) => new ApiError(409, 'conflict', message);

/** Takes a floor out of the queue and settles its open reports, inside the acting transaction. */
export async function settle(trx: Kysely<Tables>, floorId: string): Promise<boolean> {
  const queued = await trx.deleteFrom('moderation_queue').where('floor_id', '=', floorId).executeTakeFirst();
  const reports = await trx.updateTable('reports').set({ resolved_at: new Date().toISOString() })
    .where('floor_id', '=', floorId).where('resolved_at', 'is', null).executeTakeFirst();
  return Number(queued.numDeletedRows) > 0 || Number(reports.numUpdatedRows) > 0;
}

/** The status and pin a floor should have after an action; throws 409 where the action does not apply. */
function target(floor: FloorState, action: FloorActionName): { status: FloorStatus; pinned: boolean } {
  const pinned = floor.pinned_at !== null;
  switch (action) {
    case 'approve':
      if (floor.status === 'deleted') throw conflict('this floor is deleted: restore it instead');
      return { status: 'published', pinned };
    case 'hide':
      if (floor.status === 'deleted') throw conflict('this floor is deleted already');
      return { status: 'hidden', pinned: false };
    case 'delete':
      return { status: 'deleted', pinned: false };
    case 'restore':
      if (floor.status === 'pending') throw conflict('this floor is waiting for review: approve it instead');
      // An author's own deletion wipes the body: there is nothing to bring back.
      if (floor.status === 'deleted' && floor.body_source === '') throw conflict('its author deleted this floor; it cannot be restored');
      return { status: 'published', pinned };
    case 'pin':
      if (floor.status !== 'published') throw conflict(`only a published floor can be pinned; this one is ${floor.status}`);
      return { status: floor.status, pinned: true };
    case 'unpin':
      return { status: floor.status, pinned: false };
  }
}

/**
 * Approves, hides, deletes, restores, pins or unpins a floor of the site, with everything that
 * follows in one transaction: counts, live events, the queue and reports settled (pins aside),
 * awards reversed on removal where the site says so, a held reply's award once approved, and
 * the audit entry. Asking for the state a floor already has, with nothing waiting, changes nothing.
 */
export async function moderateFloor(
  db: Database,
  site: Site,
  actor: Actor,
  floorId: string,
  action: FloorActionName,
  reason: string | undefined,
): Promise<ActionResult> {
  return db.write(async (work) => {
    const { trx } = work;
    const floor = await lockFloor(trx, site.id, floorId);
    if (!floor) throw notFound(`no floor ${floorId} on this site`);
    const next = target(floor, action);
    const statusChanged = next.status !== floor.status;
    const pinChanged = next.pinned !== (floor.pinned_at !== null);
    const settled = action === 'pin' || action === 'unpin' ? false : await settle(trx, floor.id);
    if (!statusChanged && !pinChanged && !settled) return { item: await moderatedFloor(trx, site.id, floorId), changed: false };
    if (statusChanged || pinChanged) {
      await changeFloor(work, site.id, floor, {
        ...(statusChanged ? { status: next.status } : {}),
        ...(pinChanged ? { pinned_at: next.pinned ? new Date().toISOString() : null } : {}),
      });
    }
    if ((action === 'hide' || action === 'delete') && statusChanged) await reverseAwardsFor(work, site, `floor:${floor.id}`);
    if (statusChanged || pinChanged) await afterModeration(work, site, floor, action, next, actor.kind === 'user' ? actor.userId : null);
    // A held reply earns its award when it is published, as it would have on posting.
    if (floor.status === 'pending' && next.status === 'published' && floor.kind === 'reply' && floor.author_user_id && !floor.shadow) {
      await awardReply(work, site, floor.author_user_id, floor.thread_id, floor.id);
    }
    await recordAudit(trx, {
      siteId: site.id, actor, action, reason,
      floor: { id: floor.id, threadId: floor.thread_id, page: floor.page, number: floor.number },
      userId: floor.author_user_id,
      ...(statusChanged ? { status: { from: floor.status, to: next.status } } : {}),
    });
    return { item: await moderatedFloor(trx, site.id, floorId), changed: true };
  });
}
