import * as z from 'zod/mini';
import { LOCALES } from './locale.js';
import { Floor, PageKey } from './schemas.js';

/**
 * What a notice tells its reader: someone replied to, quoted or @mentioned one of their floors,
 * they were awarded points (a share's visit, reactions received), or a moderator hid, restored or
 * pinned one of their floors.
 */
export const NoticeKind = z.enum(['reply', 'quote', 'mention', 'award', 'moderation']);
export type NoticeKind = z.infer<typeof NoticeKind>;

export const ModerationOutcome = z.enum(['hidden', 'restored', 'pinned']);
export type ModerationOutcome = z.infer<typeof ModerationOutcome>;

/** Who caused a notice; a grouped notice keeps the newest few. */
export const NoticeActor = z.object({ name: z.string(), avatar: z.nullable(z.string()) });
export type NoticeActor = z.infer<typeof NoticeActor>;

export const Notice = z.object({
  id: z.string(),
  kind: NoticeKind,
  /** The thread's page key, its URL and title when the host gave them. */
  page: z.string(),
  url: z.nullable(z.string()),
  title: z.nullable(z.string()),
  /** The floor to jump to (`#floor-N`): the reply, the quoting or mentioning floor, the moderated floor; null for the article. */
  floor: z.nullable(z.int()),
  /** Newest first, at most 3. */
  actors: z.array(NoticeActor),
  /** How many events this notice groups ("3 人回复了你"); 1 for most. */
  count: z.int(),
  /** The start of the newest floor's text, or of the floor moderated. */
  excerpt: z.string(),
  /** `moderation` notices: what happened to the floor. */
  outcome: z.optional(ModerationOutcome),
  /** `award` notices: points earned, in total over the group, and why (`share`, `reaction_received`). */
  points: z.optional(z.int()),
  reason: z.optional(z.string()),
  read: z.boolean(),
  createdAt: z.string(),
  /** When the newest event of the group arrived. */
  updatedAt: z.string(),
});
export type Notice = z.infer<typeof Notice>;

const IntString = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d{1,15}$/, 'a whole number')),
    z.pipe(z.transform((v: string) => Number(v)), z.number().check(z.minimum(min), z.maximum(max))),
  );

export const NoticesQuery = z.object({
  cursor: z.optional(z.string().check(z.regex(/^\d{1,18}$/, 'a cursor'))),
  /** 1 to 50. @default 20 */
  limit: z.optional(IntString(1, 50)),
});
export type NoticesQuery = z.input<typeof NoticesQuery>;

export const NoticeList = z.object({
  /** Newest activity first. */
  items: z.array(Notice),
  /** Unread notices in all. */
  unread: z.int(),
  /** Pass back as `cursor` for older notices; null at the end. */
  next: z.nullable(z.string()),
});
export type NoticeList = z.infer<typeof NoticeList>;

export const NoticeId = z.string().check(z.regex(/^\d{1,18}$/, 'a notice id'));

/** Mark some notices read by id, or all of them (`all: true`). */
export const MarkNotices = z.object({
  ids: z.optional(z.array(NoticeId).check(z.maxLength(100))),
  all: z.optional(z.boolean()),
});
export type MarkNotices = z.infer<typeof MarkNotices>;

export const UnreadCount = z.object({ unread: z.int() });
export type UnreadCount = z.infer<typeof UnreadCount>;

/** Mail for notices: each as it happens, a daily digest of the unread ones, or none. */
export const MailMode = z.enum(['immediate', 'digest', 'none']);
export type MailMode = z.infer<typeof MailMode>;

export const NotifyPrefs = z.object({
  mode: MailMode,
  /** Where mail goes: the host token's `email` claim, or what a guest gave; null for none. */
  email: z.nullable(z.string()),
  /** The language of the mail. */
  locale: z.enum(LOCALES),
  /** Whether this server sends mail at all (SMTP configured and the site's mail on). */
  mailAvailable: z.boolean(),
});
export type NotifyPrefs = z.infer<typeof NotifyPrefs>;

export const Email = z.string().check(z.maxLength(254), z.regex(/^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/, 'an email address'));

export const SetNotifyPrefs = z.object({
  mode: z.optional(MailMode),
  /** Guests only: a reader's address is the host token's `email` claim. null removes it. */
  email: z.optional(z.nullable(Email)),
  locale: z.optional(z.enum(LOCALES)),
});
export type SetNotifyPrefs = z.infer<typeof SetNotifyPrefs>;

export const UnsubscribeQuery = z.object({
  u: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'a user id')),
  t: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, 'a token')),
});

/** The host webhooks of the comment lifecycle, beside `ledger.entry`. */
export const COMMENT_WEBHOOKS = [
  'comment.created', 'comment.edited', 'comment.deleted', 'comment.hidden', 'report.created', 'notification.created',
] as const;
export const CommentWebhookType = z.enum(COMMENT_WEBHOOKS);
export type CommentWebhookType = z.infer<typeof CommentWebhookType>;

/** The body of a comment-lifecycle webhook delivery; signed like `ledger.entry`. */
export const CommentWebhook = z.object({
  type: CommentWebhookType,
  site: z.string(),
  page: PageKey,
  /** The floor as the public sees it (a hidden or deleted floor arrives without its body). */
  floor: z.optional(Floor),
  /** `comment.*` and `report.created`: who did it, by host user id (`sub`); null for a guest or the system. */
  actor: z.optional(z.nullable(z.string())),
  /** `report.created`: the reason given. */
  reason: z.optional(z.string()),
  /** `notification.created`: the recipient's host user id and the notice. */
  user: z.optional(z.string()),
  notice: z.optional(Notice),
  at: z.string(),
});
export type CommentWebhook = z.infer<typeof CommentWebhook>;

const Whole = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

/** A site's notification settings (`notifications:` in its configuration). */
export const NotificationSettings = z.strictObject({
  /** Send mail for notices (when the server has SMTP). @default true */
  email: z.optional(z.boolean()),
  /** Mails one reader may get per day, digests included. @default 20 */
  readerDailyMail: z.optional(Whole(0, 1000)),
  /** Mails the site may send per day. @default 2000 */
  siteDailyMail: z.optional(Whole(0, 1_000_000)),
  /** Comment-lifecycle events sent to the site's webhook (`rewards.webhookUrl`). @default [] */
  webhookEvents: z.optional(z.array(CommentWebhookType).check(z.maxLength(COMMENT_WEBHOOKS.length))),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;
