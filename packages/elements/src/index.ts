import './comments/comments.js';

export { TeahouseElement } from './base/teahouse-element.js';
export type {
  TeahouseEventMap, AuthorFilterDetail, ViewChangeDetail, ReplyMode, ReplyRequestDetail, LoginRequestDetail, CommentCreatedDetail, ReadyDetail, ErrorDetail,
  GuestDetail, CommentUpdatedDetail, CountDetail, EditCloseDetail,
} from './base/teahouse-element.js';
export type { ShareDetail } from './share/share.component.js';
export type { ReportDetail } from './moderation/report.component.js';
export type { FloorAward as AwardDetail } from '@teahouse/protocol';
export { TeahouseComments } from './comments/comments.js';
export { TeahouseThread } from './thread/thread.js';
export { TeahouseComment } from './comment/comment.js';
// Types only: <teahouse-composer> and <teahouse-count> load on demand (`@teahouse/elements/composer.js`, `…/count.js`).
export type { TeahouseComposer } from './composer/composer.js';
export type { TeahouseCount } from './count/count.js';
export { TeahouseReactions } from './reactions/reactions.js';
// Types only: <teahouse-points> loads on demand (`@teahouse/elements/points.js`), outside the main bundle.
export type { TeahousePoints, PointsTab, LeaderboardPeriod, PointsMessages } from './points/points.js';
// Types only: <teahouse-notifications> (消息) loads on demand for a signed-in reader.
export type { TeahouseNotifications, NotificationMessages } from './notifications/notifications.js';
export { ThreadStore } from './thread/store.js';
export type { Shape } from './thread/store.js';
export { ConnectionController } from './connection/connection.js';
export type { ConnectionHost, ConnectionOptions } from './connection/connection.js';
export type { ReplyTarget } from './composer/composer.js';
export { defineAll } from './define-all.js';
export { loadElement } from './lazy/lazy.js';
export type { LazyTag } from './lazy/lazy.js';
export { clientContext, sessionContext, threadContext, createContext, ContextRequestEvent, ContextProvider, ContextConsumer } from './context.js';
export type { Session, Context } from './context.js';
export { LocalizeController, resolveLocale } from './i18n/localize.js';
export type { Messages } from './i18n/messages.js';
export type { Locale } from './i18n/messages.js';
