import * as z from 'zod/mini';

/** Where a reader says they shared an article. The channel is the reader's choice: no channel can be verified. */
export const ShareChannel = z.enum([
  'wechat_moments', 'wechat_group', 'wechat_friend', 'weibo', 'qq', 'qzone', 'link', 'system',
  'x', 'facebook', 'linkedin', 'email',
]);
export type ShareChannel = z.infer<typeof ShareChannel>;

/** WeChat's external-link rules forbid rewarding shares; these earn only where a site opts in. */
export const WECHAT_CHANNELS: readonly ShareChannel[] = ['wechat_moments', 'wechat_group', 'wechat_friend'];

export const RewardAction = z.enum(['share', 'reply', 'reaction_received', 'daily_visit']);
export type RewardAction = z.infer<typeof RewardAction>;

/**
 * What an announcement floor (`kind: 'share_award'`) says, as data, so that each reader's
 * locale renders it ("会员X转发了该文章到微信朋友圈,获得20看点币").
 */
export const FloorAward = z.object({
  action: RewardAction,
  channel: z.optional(ShareChannel),
  points: z.int(),
  /** The site's currency name, e.g. 看点币. */
  currency: z.string(),
});
export type FloorAward = z.infer<typeof FloorAward>;
