import { TeahouseComment } from './comment/comment.component.js';
import { TeahouseComments } from './comments/comments.component.js';
import { TeahouseReactions } from './reactions/reactions.component.js';
import { TeahouseThread } from './thread/thread.component.js';
import { loadElement, type LazyTag } from './lazy/lazy.js';

/** The tag of every element of the main bundle. */
export const tags = {
  'teahouse-comments': TeahouseComments,
  'teahouse-thread': TeahouseThread,
  'teahouse-comment': TeahouseComment,
  'teahouse-reactions': TeahouseReactions,
} as const;

/** The elements whose code loads on demand, each from a chunk of its own. */
export const lazyTags: readonly LazyTag[] = [
  'teahouse-composer', 'teahouse-count', 'teahouse-share', 'teahouse-points', 'teahouse-moderation', 'teahouse-report', 'teahouse-edit',
  'teahouse-notifications',
];

/**
 * Registers every element, those of the main bundle at once and the others as their code arrives;
 * resolves when all are defined. Harmless when called again.
 */
export function defineAll(): Promise<void> {
  for (const [tag, element] of Object.entries(tags)) element.define(tag);
  return Promise.all(lazyTags.map(loadElement)).then(() => undefined);
}
