// React components for the Teahouse elements, made with @lit/react: each takes the element's
// properties as typed props (objects and functions such as `getToken` are set as properties,
// not attributes) and its `teahouse-…` events as typed `on…` props. Importing this module
// registers the tags it wraps.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import {
  TeahouseComments as CommentsElement,
  type AuthorFilterDetail, type CommentCreatedDetail, type CountDetail, type ErrorDetail, type GuestDetail, type LoginRequestDetail,
  type ReadyDetail, type ShareDetail, type ViewChangeDetail,
} from '@teahouse/elements';
import { TeahouseCount as CountElement } from '@teahouse/elements/count.js';
import { TeahouseModeration as ModerationElement } from '@teahouse/elements/moderation.js';
import { TeahousePoints as PointsElement } from '@teahouse/elements/points.js';
import { TeahouseShare as ShareElement } from '@teahouse/elements/share.js';
import type { FloorAward } from '@teahouse/protocol';

const event = <D>(name: string) => name as EventName<CustomEvent<D>>;

/** The events every widget with a login prompt fires. */
const loginEvents = { onLoginRequest: event<LoginRequestDetail>('teahouse-login-request') };

/**
 * `<teahouse-comments>`: the whole comment section of an article page.
 *
 * ```tsx
 * <TeahouseComments server="https://comments.example.com" site="news" page={article.id}
 *   getToken={() => session.teahouseToken} onLoginRequest={(e) => { e.preventDefault(); openLogin(); }} />
 * ```
 *
 * A new `getToken` function on each render is fine: the thread reloads only when the reader changes.
 */
export const TeahouseComments = createComponent({
  react: React,
  tagName: 'teahouse-comments',
  elementClass: CommentsElement,
  displayName: 'TeahouseComments',
  events: {
    ...loginEvents,
    onReady: event<ReadyDetail>('teahouse-ready'),
    onError: event<ErrorDetail>('teahouse-error'),
    onCommentCreated: event<CommentCreatedDetail>('teahouse-comment-created'),
    onGuest: event<GuestDetail>('teahouse-guest'),
    onCount: event<CountDetail>('teahouse-count'),
    onViewChange: event<ViewChangeDetail>('teahouse-view-change'),
    onAuthorFilter: event<AuthorFilterDetail>('teahouse-author-filter'),
    onShare: event<ShareDetail>('teahouse-share'),
    onAward: event<FloorAward>('teahouse-award'),
  },
});

/** `<teahouse-count>`: "12 条评论" for an article list; every count of the page in one request. */
export const TeahouseCount = createComponent({
  react: React,
  tagName: 'teahouse-count',
  elementClass: CountElement,
  displayName: 'TeahouseCount',
});

/** `<teahouse-share>` on its own: share channels, their points and WeChat QR codes. */
export const TeahouseShare = createComponent({
  react: React,
  tagName: 'teahouse-share',
  elementClass: ShareElement,
  displayName: 'TeahouseShare',
  events: { ...loginEvents, onShare: event<ShareDetail>('teahouse-share'), onAward: event<FloorAward>('teahouse-award') },
});

/** `<teahouse-points>`: the reader's balance, history, the site's rules and the leaderboard. */
export const TeahousePoints = createComponent({
  react: React,
  tagName: 'teahouse-points',
  elementClass: PointsElement,
  displayName: 'TeahousePoints',
  events: loginEvents,
});

/** `<teahouse-moderation>`: the moderation desk for a host's admin page. */
export const TeahouseModeration = createComponent({
  react: React,
  tagName: 'teahouse-moderation',
  elementClass: ModerationElement,
  displayName: 'TeahouseModeration',
});

export type {
  AuthorFilterDetail, CommentCreatedDetail, CountDetail, ErrorDetail, GuestDetail, LoginRequestDetail, ReadyDetail, ShareDetail,
  ViewChangeDetail, FloorAward as AwardDetail,
};
