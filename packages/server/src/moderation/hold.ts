import type { Kysely } from 'kysely';
import type { HoldCause } from '@teahouse/protocol';
import type { Tables } from '../db/schema.js';

/** What moderation decided about a new floor before it is written. */
export interface PostVerdict {
  /** `pending` waits in the queue; only the author sees it meanwhile. */
  status: 'published' | 'pending';
  /** The author is shadow-banned: only they (and moderators) will see it. */
  shadow: boolean;
  /** Why it waits, when it does. */
  hold: HoldCause | null;
}

/** Puts a held floor in the queue, inside the transaction that writes it. */
export async function holdForReview(trx: Kysely<Tables>, siteId: string, threadId: string, floorId: string, cause: HoldCause | null): Promise<void> {
  await trx
    .insertInto('moderation_queue')
    .values({
      floor_id: floorId, site_id: siteId, thread_id: threadId, kind: 'pending',
      cause: cause ? JSON.stringify(cause) : null, queued_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('floor_id').doUpdateSet({ kind: 'pending', cause: cause ? JSON.stringify(cause) : null }))
    .execute();
}
