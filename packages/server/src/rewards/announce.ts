import type { Floor, FloorAward, RootNode, ShareChannel } from '@teahouse/protocol';
import { newId } from '../db/ids.js';
import type { ThreadRef, Work } from '../db/work.js';
import { recordEvent } from '../events/events.js';
import { floorQuery, toFloor } from '../threads/mapping.js';
import { nestedPlace } from '../threads/nested.js';

const CHANNEL_NAMES: Record<ShareChannel, string> = {
  wechat_moments: '微信朋友圈',
  wechat_group: '微信群',
  wechat_friend: '微信好友',
  weibo: '微博',
  qq: 'QQ',
  qzone: 'QQ空间',
  link: '链接',
  system: '其他应用',
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  email: '邮件',
};

/**
 * The stored body of an announcement, for readers whose client does not word `award` itself
 * (feeds, exports, old widgets). Clients render `award` in the reader's own locale.
 */
export function awardText(name: string, award: FloorAward): string {
  const earned = `获得${award.points}${award.currency}`;
  if (award.action === 'share') return `会员${name}转发了该文章到${award.channel ? CHANNEL_NAMES[award.channel] : '其他应用'},${earned}`;
  if (award.action === 'reply') return `会员${name}回复了该文章,${earned}`;
  if (award.action === 'reaction_received') return `会员${name}的回复获得了点赞,${earned}`;
  return `会员${name}签到,${earned}`;
}

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
  const text = awardText(user.name, award);
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
