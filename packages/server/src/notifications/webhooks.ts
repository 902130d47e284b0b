import type { CommentWebhook, CommentWebhookType, Floor } from '@teahouse/protocol';
import type { Work } from '../db/work.js';
import { kickWebhooks } from '../rewards/webhooks.js';
import { rewardsOf } from '../rewards/settings.js';
import type { Site } from '../sites/sites.js';
import { notificationsOf } from './settings.js';

/** Whether the site wants this comment-lifecycle event at its webhook. */
export const wantsWebhook = (site: Site, type: CommentWebhookType): boolean =>
  rewardsOf(site).webhook !== null && notificationsOf(site).webhookEvents.has(type);

/**
 * Queues a comment-lifecycle webhook in the unit of work that made the change, in the same
 * outbox as `ledger.entry` (signed, retried with backoff, delivered once the commit is done).
 */
export async function enqueueCommentWebhook(
  work: Work,
  site: Site,
  type: CommentWebhookType,
  fields: { page: string; floor?: Floor; actor?: string | null; reason?: string; user?: string; notice?: CommentWebhook['notice'] },
): Promise<void> {
  if (!wantsWebhook(site, type)) return;
  const at = new Date().toISOString();
  const body: CommentWebhook = { type, site: site.id, ...fields, at };
  await work.trx.insertInto('webhook_outbox')
    .values({ site_id: site.id, payload: JSON.stringify(body), attempts: 0, next_attempt_at: at })
    .execute();
  work.afterCommit('webhooks', kickWebhooks);
}
