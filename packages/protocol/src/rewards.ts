import * as z from 'zod/mini';
import { RewardAction, ShareChannel } from './award.js';
import { PageKey, SiteId } from './schemas.js';
import { VISITS_ROUTE } from './referral.js';

export { FloorAward, RewardAction, ShareChannel, WECHAT_CHANNELS } from './award.js';
export { REFERRAL_PARAM, REFERRAL_CODE_PATTERN, RecordVisit, VisitResult } from './referral.js';

/** Paths of the rewards API. Reader paths take the reader's token; admin paths a site API key. */
export const rewardRoutes = {
  shares: '/v1/sites/{site}/shares',
  sharesMine: '/v1/sites/{site}/shares/mine',
  visits: VISITS_ROUTE,
  checkin: '/v1/sites/{site}/checkin',
  pointsMe: '/v1/sites/{site}/points/me',
  pointsHistory: '/v1/sites/{site}/points/history',
  pointsRules: '/v1/sites/{site}/points/rules',
  leaderboard: '/v1/sites/{site}/points/leaderboard',
  adminDebit: '/v1/admin/sites/{site}/points/debit',
  adminReverse: '/v1/admin/sites/{site}/points/entries/{entry}/reverse',
} as const;

const HttpUrl = z.string().check(z.maxLength(2048), z.regex(/^https?:\/\/[^\s]+$/i, 'an http or https URL'));
const Count = (max: number) => z.int().check(z.minimum(0), z.maximum(max));
const MAX_POINTS = 1_000_000;

export const RewardCycle = z.enum(['once', 'day', 'interval', 'unlimited']);
export type RewardCycle = z.infer<typeof RewardCycle>;
export const RewardVerify = z.enum(['visit', 'intent']);
export type RewardVerify = z.infer<typeof RewardVerify>;

/**
 * One rule, in the shape of the forum credit rules hosts know: an action (and, for shares, a
 * channel), the points it earns, and how often (`limit` awards per reader per `cycle`).
 */
export const RewardRule = z.object({
  action: RewardAction,
  /** Share rules only; a share rule without a channel covers every channel without its own rule. */
  channel: z.optional(ShareChannel),
  points: z.int().check(z.minimum(1), z.maximum(MAX_POINTS)),
  cycle: RewardCycle,
  /** `interval` cycles only: their length. */
  intervalSeconds: z.optional(z.int().check(z.minimum(60), z.maximum(366 * 86400))),
  /** Awards per reader per cycle (ignored for `unlimited`). */
  limit: z.int().check(z.minimum(1), z.maximum(10_000)),
  /** Share rules: `visit` awards when a distinct visitor opens the tracked link, `intent` on the press. */
  verify: RewardVerify,
});
export type RewardRule = z.infer<typeof RewardRule>;

export const Currency = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(32)),
  icon: z.optional(HttpUrl),
});
export type Currency = z.infer<typeof Currency>;

/** A site's rewards configuration as an operator writes it; every field has a default. */
export const RewardSettings = z.object({
  /** @default true */
  enabled: z.optional(z.boolean()),
  /** @default { name: '看点币' } */
  currency: z.optional(Currency),
  /** @default the reference page's rules (Moments 20, group 10, friend 5, others small) */
  rules: z.optional(z.array(RewardRule).check(z.maxLength(64))),
  /** Points one reader may earn per day over all rules; 0 = no cap. @default 200 */
  dailyCap: z.optional(Count(100_000_000)),
  /** Points the whole site may give out per day; 0 = no budget. @default 0 */
  dailyBudget: z.optional(Count(1_000_000_000)),
  /** WeChat channels earn nothing until the site opts in. @default false */
  wechatRewards: z.optional(z.boolean()),
  /** Seconds a new award stays pending before it can be spent. @default 0 */
  hold: z.optional(Count(90 * 86400)),
  /** Awarded visits per visitor IP per window. @default { max: 3, seconds: 3600 } */
  visitsPerIpWindow: z.optional(z.object({ max: z.int().check(z.minimum(1), z.maximum(10_000)), seconds: z.int().check(z.minimum(1), z.maximum(86400 * 7)) })),
  /** Share awards are announced in the thread as floors of their own. @default true */
  announce: z.optional(z.boolean()),
  /** Awards for content a moderator removes are reversed. @default false */
  reverseOnRemoval: z.optional(z.boolean()),
  /** @default true */
  leaderboard: z.optional(z.boolean()),
  /** IANA time zone that days (caps, budgets, daily cycles) are counted in. @default 'UTC' */
  timeZone: z.optional(z.string().check(z.maxLength(64))),
  /** Receives a signed POST for every ledger entry. @default none */
  webhookUrl: z.optional(HttpUrl),
  /** Key of the HMAC-SHA256 signature in `X-Teahouse-Signature`. */
  webhookSecret: z.optional(z.string().check(z.minLength(16), z.maxLength(256))),
  /** Lets the webhook reach loopback and private addresses (tests, same-host shops). @default false */
  webhookAllowPrivate: z.optional(z.boolean()),
});
export type RewardSettings = z.infer<typeof RewardSettings>;

/** A rule as readers see it, with the id its ledger entries cite. */
export const PublicRule = z.extend(RewardRule, {
  id: z.string(),
  /** False for WeChat channels on a site that has not opted in. */
  active: z.boolean(),
});
export type PublicRule = z.infer<typeof PublicRule>;

/** `GET points/rules`: everything a 积分规则 page shows. */
export const PointsRules = z.object({
  currency: Currency,
  rules: z.array(PublicRule),
  dailyCap: z.int(),
  wechatRewards: z.boolean(),
  holdSeconds: z.int(),
  leaderboard: z.boolean(),
});
export type PointsRules = z.infer<typeof PointsRules>;

/** `POST shares`: the reader pressed a share button. */
export const CreateShare = z.object({
  page: PageKey,
  channel: ShareChannel,
  /** The page's URL, used for the tracked link when the thread has none recorded. */
  url: z.optional(HttpUrl),
  title: z.optional(z.string().check(z.maxLength(300))),
  /** The sharer's own anonymous visitor id, so that their own visits never count. */
  visitor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
});
export type CreateShare = z.infer<typeof CreateShare>;

export const Share = z.object({
  code: z.string(),
  /** The tracked link (`…?th_ref=<code>`); null when neither the thread nor the request named a URL. */
  url: z.nullable(z.string()),
  channel: ShareChannel,
  /** What this channel earns the sharer (0 when it earns nothing). */
  points: z.int(),
  /** True when this press itself earned points (an `intent` rule within its limits). */
  earned: z.boolean(),
  rule: z.nullable(PublicRule),
});
export type Share = z.infer<typeof Share>;

/** `GET shares/mine?page=`: what the reader's shares of one article earn, per channel with an active rule. */
export const ShareStatusQuery = z.object({ page: PageKey });
export type ShareStatusQuery = z.infer<typeof ShareStatusQuery>;

export const ShareStatus = z.object({
  channels: z.array(z.object({
    channel: ShareChannel,
    /** What one award through this channel earns. */
    points: z.int(),
    /** Points this article has earned the reader through this channel in the rule's current cycle. */
    earned: z.int(),
    /** True when the rule's limit for this cycle or the reader's daily cap is used up: a share earns nothing more for now. */
    exhausted: z.boolean(),
  })),
});
export type ShareStatus = z.infer<typeof ShareStatus>;

export const CheckinResult = z.object({
  earned: z.boolean(),
  points: z.int(),
  balance: z.int(),
});
export type CheckinResult = z.infer<typeof CheckinResult>;

export const PointsBalance = z.object({
  balance: z.int(),
  /** Awards still on hold. */
  pending: z.int(),
  currency: Currency,
});
export type PointsBalance = z.infer<typeof PointsBalance>;

export const LedgerStatus = z.enum(['available', 'pending']);
export const LedgerEntry = z.object({
  id: z.string(),
  delta: z.int(),
  /** `share`, `reply`, `reaction_received`, `daily_visit`, `debit`, `reversal`. */
  reason: z.string(),
  /** What the entry is about: a thread, a floor, an entry reversed, the host's order. */
  ref: z.nullable(z.string()),
  /** Share awards: the channel the reader shared to. */
  channel: z.optional(ShareChannel),
  /** Share awards: `visit` when someone opening the tracked link earned it, `intent` when the press did. */
  via: z.optional(RewardVerify),
  status: LedgerStatus,
  availableAt: z.string(),
  createdAt: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

const IntString = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d{1,15}$/, 'a whole number')),
    z.pipe(z.transform((v: string) => Number(v)), z.number().check(z.minimum(min), z.maximum(max))),
  );

export const HistoryQuery = z.object({
  cursor: z.optional(z.string().check(z.regex(/^\d{1,15}$/, 'a cursor'))),
  limit: z.optional(IntString(1, 100)),
});
export type HistoryQuery = z.input<typeof HistoryQuery>;

export const PointsHistory = z.object({
  entries: z.array(LedgerEntry),
  next: z.nullable(z.string()),
});
export type PointsHistory = z.infer<typeof PointsHistory>;

export const LeaderboardPeriod = z.enum(['day', 'week', 'all']);
export const LeaderboardQuery = z.object({ period: z.optional(LeaderboardPeriod) });
export const Leaderboard = z.object({
  period: LeaderboardPeriod,
  entries: z.array(z.object({
    rank: z.int(),
    user: z.object({ id: z.string(), name: z.string(), avatar: z.nullable(z.string()) }),
    points: z.int(),
  })),
});
export type Leaderboard = z.infer<typeof Leaderboard>;

/** Idempotency keys: printable, no spaces, so they read back alike in logs and exports. */
const IdempotencyKey = z.string().check(z.regex(/^[\x21-\x7e]{1,200}$/, '1 to 200 printable ASCII characters, no spaces'));

/** `POST /v1/admin/sites/{site}/points/debit`: the host's shop spends a reader's points. */
export const DebitRequest = z.object({
  /** The host's own user id (the token's `sub`). */
  user: z.string().check(z.minLength(1), z.maxLength(256)),
  amount: z.int().check(z.minimum(1), z.maximum(1_000_000_000)),
  reason: z.string().check(z.minLength(1), z.maxLength(200)),
  idempotencyKey: IdempotencyKey,
});
export type DebitRequest = z.infer<typeof DebitRequest>;

export const ReverseRequest = z.object({
  reason: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type ReverseRequest = z.infer<typeof ReverseRequest>;

export const AdminEntryParams = z.object({ site: SiteId, entry: z.string().check(z.regex(/^\d{1,15}$/, 'an entry id')) });

/** A ledger entry as the host sees it (admin API, webhooks, export). */
export const AdminLedgerEntry = z.extend(LedgerEntry, {
  site: z.string(),
  /** The host's own user id. */
  user: z.string(),
  idempotencyKey: z.string(),
  /** The reader's available balance right after this entry. */
  balance: z.optional(z.int()),
});
export type AdminLedgerEntry = z.infer<typeof AdminLedgerEntry>;

/** The body of a webhook delivery; `X-Teahouse-Signature: sha256=<hex HMAC of the body>`. */
export const LedgerWebhook = z.object({
  type: z.literal('ledger.entry'),
  entry: AdminLedgerEntry,
});
export type LedgerWebhook = z.infer<typeof LedgerWebhook>;

