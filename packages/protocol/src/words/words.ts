import type { FloorAward, ShareChannel } from '../award.js';

/**
 * The reader-facing words the protocol itself defines, one object per locale, so that a bundle
 * can take one locale's words without the others: floor labels, channel names, award wording.
 */
export interface LocaleWords {
  /** The label a floor carries at its right: 沙发, 板凳, 地板, N楼 / 沙發, 板凳, 地板, N樓 / #N. */
  floor: (number: number) => string;
  /** A channel's name, on its share button and in sentences: 微信朋友圈, "shared via WeChat Moments". */
  channels: Record<ShareChannel, string>;
  /**
   * What an award floor (`kind: 'share_award'`) says, with the member's `name` in its place, as
   * parts, so that a renderer can isolate the name (`<bdi>`); joined, it is the plain sentence.
   */
  award: <T>(award: FloorAward, name: T) => (string | T)[];
}
