import './comments/comments.js';
import './count/count.js';

export { TeahouseElement } from './base/teahouse-element.js';
export type {
  TeahouseEventMap, AuthorFilterDetail, ViewChangeDetail, ReplyMode, ReplyRequestDetail, LoginRequestDetail, CommentCreatedDetail, ReadyDetail, ErrorDetail,
} from './base/teahouse-element.js';
export { TeahouseComments } from './comments/comments.js';
export { TeahouseThread } from './thread/thread.js';
export { TeahouseComment } from './comment/comment.js';
export { TeahouseComposer } from './composer/composer.js';
export { TeahouseCount } from './count/count.js';
export { TeahouseReactions } from './reactions/reactions.js';
// Types only: <teahouse-points> loads on demand (`@teahouse/elements/points.js`), outside the main bundle.
export type { TeahousePoints, PointsTab, LeaderboardPeriod, PointsMessages } from './points/points.js';
export { ReactionStore, reactionStoreContext } from './reactions/store.js';
export type { ReplyTarget } from './composer/composer.js';
export { defineAll } from './define-all.js';
export { loadElement } from './lazy/lazy.js';
export type { LazyTag } from './lazy/lazy.js';
export { clientContext, sessionContext } from './context.js';
export type { Session } from './context.js';
export { LocalizeController, resolveLocale } from './i18n/localize.js';
export type { Messages } from './i18n/messages.js';
export type { Locale } from './i18n/messages.js';
