import type { FloorActionName } from '@teahouse/protocol';
import type { Work } from '../db/work.js';
import type { FloorState } from '../moderation/transition.js';
import { floorQuery, toFloor } from '../threads/mapping.js';
import type { Site } from '../sites/sites.js';
import { externalId, floorNotices, moderationNotice } from './notices.js';
import { enqueueCommentWebhook, wantsWebhook } from './webhooks.js';

type Moderated = FloorState & { page: string; thread_author: string | null };

/**
 * What a moderation action tells, inside its unit of work: the author hears their floor was
 * hidden, restored or pinned; a held reply, once approved, notifies as a new one would have;
 * the host's webhook hears `comment.hidden` and `comment.created`.
 */
export async function afterModeration(
  work: Work,
  site: Site,
  floor: Moderated,
  action: FloorActionName | 'auto_hide',
  next: { status: FloorState['status']; pinned: boolean },
  actorId: string | null,
): Promise<void> {
  const statusChanged = next.status !== floor.status;
  const pinned = next.pinned && floor.pinned_at === null;
  const shown = !floor.shadow;
  if (floor.kind !== 'reply' || !shown) return;
  if (statusChanged && next.status === 'hidden') {
    await moderationNotice(work, site, floor, 'hidden', actorId);
    if (wantsWebhook(site, 'comment.hidden')) {
      const row = await floorQuery(work.trx, floor.thread_id).where('f.id', '=', floor.id).executeTakeFirstOrThrow();
      await enqueueCommentWebhook(work, site, 'comment.hidden', {
        page: floor.page, floor: toFloor(row, floor.thread_author), actor: await externalId(work.trx, actorId),
      });
    }
  }
  if (statusChanged && next.status === 'published') {
    if (floor.status === 'pending') {
      const row = await floorQuery(work.trx, floor.thread_id).where('f.id', '=', floor.id).executeTakeFirstOrThrow();
      await floorNotices(work, site, { id: floor.thread_id, page: floor.page, author_user_id: floor.thread_author },
        toFloor(row, floor.thread_author), floor.author_user_id ?? '');
    } else if (action === 'restore') {
      await moderationNotice(work, site, floor, 'restored', actorId);
    }
  }
  if (pinned) await moderationNotice(work, site, floor, 'pinned', actorId);
}
