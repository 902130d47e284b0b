import { awardText, type Floor, type FloorAward, type RootNode } from '@teahouse/protocol';
import { newId } from '../db/ids.js';
import type { ThreadRef, Work } from '../db/work.js';
import { recordEvent } from '../events/events.js';
import { floorQuery, toFloor } from '../threads/mapping.js';
import { nestedPlace } from '../threads/nested.js';

/**
 * The stored body of an announcement, for readers whose client does not word `award` itself
 * (feeds, exports, old widgets): the protocol's zh-CN sentence. Clients word `award` in the
 * reader's own locale.
 */
export const awardBody = (name: string, award: FloorAward): string => awardText(award, name, 'zh-CN').join('');

/**
 * Adds the announcement floor of an award to the thread, numbered like any floor (the
 * thread's `last_floor + 1` taken in the award's own unit of work), and records its
 * `floor.created` event.
 */
export async function announceAward(
  work: Work,
  ref: ThreadRef,
  user: { id: string; name: string },
  award: FloorAward,
): Promise<Floor> {
  const { trx } = work;
  const threadId = ref.id;
  const thread = await trx.updateTable('threads')
    .set((eb) => ({ last_floor: eb('last_floor', '+', 1), reply_count: eb('reply_count', '+', 1), version: eb('version', '+', 1) }))
    .where('id', '=', threadId)
    .returning(['last_floor', 'author_user_id'])
    .executeTakeFirstOrThrow();
  work.claimVersion(threadId);
  const number = thread.last_floor;
  const text = awardBody(user.name, award);
  const body: RootNode = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] };
  await trx.insertInto('floors').values({
    id: newId(),
    thread_id: threadId,
    number,
    kind: 'share_award',
    author_user_id: user.id,
    parent_number: null,
    ...nestedPlace(number, undefined),
    quote_number: null,
    body_source: text,
    body_json: JSON.stringify(body),
    status: 'published',
    created_at: new Date().toISOString(),
    edited_at: null,
    award: JSON.stringify(award),
  }).execute();
  const row = await floorQuery(trx, threadId).where('f.number', '=', number).executeTakeFirstOrThrow();
  const floor = toFloor(row, thread.author_user_id);
  await recordEvent(work, ref, { type: 'floor.created', floor });
  return floor;
}
