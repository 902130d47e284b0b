import { TeahouseComment } from './comment/comment.component.js';
import { TeahouseComments } from './comments/comments.component.js';
import { TeahouseComposer } from './composer/composer.component.js';
import { TeahouseReactions } from './reactions/reactions.component.js';
import { TeahouseCount } from './count/count.component.js';
import { TeahouseThread } from './thread/thread.component.js';

/** The tag of every element. */
export const tags = {
  'teahouse-comments': TeahouseComments,
  'teahouse-thread': TeahouseThread,
  'teahouse-comment': TeahouseComment,
  'teahouse-composer': TeahouseComposer,
  'teahouse-reactions': TeahouseReactions,
  'teahouse-count': TeahouseCount,
} as const;

/** Registers every element; harmless when called again. */
export function defineAll(): void {
  for (const [tag, element] of Object.entries(tags)) element.define(tag);
}
