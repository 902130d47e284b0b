import * as z from 'zod/mini';
import { MAX_BODY_LENGTH, Role, SiteId } from './schemas.js';
import { REACTION_KEY_PATTERN } from './reaction-set.js';
import { RewardSettings } from './rewards.js';
import { ModerationSettings } from './moderation.js';
import { NotificationSettings } from './notifications.js';
import { LOCALES } from './locale.js';

// Everything an operator can configure about a site, as one schema: the CLI (`site set`,
// `site apply`) validates with it, so a setting is written the same way in a file, on the
// command line and in the `sites` option of `createApp`.

/** The locales the widget speaks; a site's locale picks its defaults (reaction labels, currency, share channels). */
export const LocaleSchema = z.enum(LOCALES);

const HttpUrl = z.string().check(z.maxLength(2048), z.regex(/^https?:\/\/[^\s]+$/i, 'an http or https URL'));
const Whole = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
const MAX_SECONDS = 366 * 86400;

/** One button of a custom reaction set. */
export const ReactionOptionSeed = z.strictObject({
  key: z.string().check(z.regex(REACTION_KEY_PATTERN, 'a reaction key: lowercase letters, digits, - and _')),
  emoji: z.optional(z.string().check(z.minLength(1), z.maxLength(16))),
  /** One label, or labels by locale (`en` is the fallback). @default the key */
  label: z.optional(z.union([z.string().check(z.minLength(1), z.maxLength(32)), z.record(z.string(), z.string().check(z.maxLength(32)))])),
  /** Keys with the same group exclude each other. @default none (independent) */
  group: z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
  /** What one reaction adds to the target's score. @default 1 */
  score: z.optional(Whole(-100, 100)),
});
export type ReactionOptionSeed = z.infer<typeof ReactionOptionSeed>;

/**
 * Named reaction sets: `default` follows the site's locale (`forum` for Chinese sites, `neutral`
 * otherwise); `forum` is the exclusive pair 牛逼 / 垃圾; `neutral` the pair Upvote / Downvote (same
 * keys `up` / `down`, so counts carry over); `emoji` six independent emoji.
 */
export const ReactionSetName = z.enum(['default', 'forum', 'neutral', 'emoji']);
export type ReactionSetName = z.infer<typeof ReactionSetName>;

export const ReactionSettings = z.strictObject({
  /** A named set or 1 to 16 options. @default 'default' */
  set: z.optional(z.union([ReactionSetName, z.array(ReactionOptionSeed).check(z.minLength(1), z.maxLength(16))])),
  /** Readers may react without signing in. @default false */
  anonymousReactions: z.optional(z.boolean()),
  /** Readers may react to their own floors. @default false */
  selfReactions: z.optional(z.boolean()),
  /** `GET …/reactions/who` lists who reacted. @default false */
  showWho: z.optional(z.boolean()),
  /** 热门回复: up to `count` floors scoring at least `minScore`; `false` hides them. @default {count: 3, minScore: 5} */
  hotReplies: z.optional(z.union([z.literal(false), z.strictObject({ count: z.optional(Whole(0, 10)), minScore: z.optional(Whole(-1_000_000, 1_000_000)) })])),
});
export type ReactionSettings = z.infer<typeof ReactionSettings>;

/** `[hits, seconds]`: at most `hits` requests in any window of `seconds`; null turns the limit off. */
export const RateWindow = z.nullable(z.tuple([Whole(1, 1_000_000), Whole(1, MAX_SECONDS)]));
const ActionLimits = z.strictObject({ perUser: z.optional(RateWindow), perIp: z.optional(RateWindow) });

/** Rate limits, flood control and duplicate checks (docs/abuse.md); each falls back to the server's. */
export const LimitSettings = z.strictObject({
  floodSeconds: z.optional(Whole(0, MAX_SECONDS)),
  duplicateSeconds: z.optional(Whole(0, MAX_SECONDS)),
  posts: z.optional(ActionLimits),
  edits: z.optional(ActionLimits),
  reactions: z.optional(ActionLimits),
  reports: z.optional(ActionLimits),
  shares: z.optional(ActionLimits),
  visits: z.optional(ActionLimits),
  visitor: z.optional(ActionLimits),
  guests: z.optional(ActionLimits),
});
export type LimitSettings = z.infer<typeof LimitSettings>;

const SETTINGS_SHAPE = {
  /** Picks the defaults: reaction labels, currency and share channels. @default 'zh-CN' */
  locale: z.optional(LocaleSchema),
  /** Where the login prompt sends a reader. */
  loginUrl: z.optional(HttpUrl),
  registerUrl: z.optional(HttpUrl),
  /** The site's points rules page (本版积分规则). */
  rulesUrl: z.optional(HttpUrl),
  /** Guest mode: anonymous readers may post under a nickname. @default false */
  guests: z.optional(z.boolean()),
  /**
   * IP属地: each new floor records the region it was posted from (province in China, country
   * elsewhere; never the address) and shows it. @default true for zh-CN and zh-TW sites, false otherwise
   */
  ipRegion: z.optional(z.boolean()),
  /**
   * The `iss` the host puts in its reader tokens, compared exactly: when set, a token with another
   * issuer or none is refused (401 `token_wrong_issuer`). @default unset (`iss` is not checked)
   */
  issuer: z.optional(z.string().check(
    z.minLength(1), z.maxLength(256), z.refine((v) => v.trim() === v, 'an issuer without surrounding spaces'),
  )),
  /** A token's `role` claim counts. @default false */
  trustTokenRoles: z.optional(z.boolean()),
  /** Roles by host user id (`sub`). */
  roles: z.optional(z.record(z.string().check(z.minLength(1), z.maxLength(256)), Role)),
  /** Deepest reply level the nested view indents to. @default 2 */
  maxDepth: z.optional(Whole(1, 10)),
  /** Seconds after posting during which the author may edit or delete. @default 900 */
  editWindowSeconds: z.optional(Whole(0, MAX_SECONDS)),
  /** Characters per body. @default 10000 */
  maxBodyLength: z.optional(Whole(1, MAX_BODY_LENGTH)),
  /** Links per body. @default 10 */
  maxLinks: z.optional(Whole(0, 1000)),
  reactions: z.optional(ReactionSettings),
  rewards: z.optional(RewardSettings),
  limits: z.optional(LimitSettings),
  moderation: z.optional(ModerationSettings),
  /** Mail for notices, its caps, and the comment webhooks (docs/notifications.md). */
  notifications: z.optional(NotificationSettings),
};

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What the schemas alone cannot say: names that must exist or be unique, fields that need each other. */
const consistent = z.superRefine((settings: { reactions?: ReactionSettings | undefined; rewards?: RewardSettings | undefined }, ctx) => {
  const set = settings.reactions?.set;
  if (Array.isArray(set)) {
    const seen = new Set<string>();
    set.forEach((option, i) => {
      if (seen.has(option.key)) ctx.addIssue({ code: 'custom', message: `reaction key "${option.key}" is listed twice`, path: ['reactions', 'set', i, 'key'], input: option.key });
      seen.add(option.key);
    });
  }
  const rewards = settings.rewards;
  if (rewards?.timeZone !== undefined && !validZone(rewards.timeZone)) {
    ctx.addIssue({ code: 'custom', message: `unknown time zone "${rewards.timeZone}"`, path: ['rewards', 'timeZone'], input: rewards.timeZone });
  }
  if (rewards?.webhookUrl && !rewards.webhookSecret) {
    ctx.addIssue({ code: 'custom', message: 'webhookUrl needs a webhookSecret', path: ['rewards', 'webhookSecret'], input: undefined });
  }
  rewards?.rules?.forEach((rule, i) => {
    if (rule.cycle === 'interval' && !rule.intervalSeconds) {
      ctx.addIssue({ code: 'custom', message: 'an interval rule needs intervalSeconds', path: ['rewards', 'rules', i, 'intervalSeconds'], input: undefined });
    }
    if (rule.action !== 'share' && rule.channel) {
      ctx.addIssue({ code: 'custom', message: 'only share rules have a channel', path: ['rewards', 'rules', i, 'channel'], input: rule.channel });
    }
  });
});

/** A site's settings, as stored and as `site set` / `site apply` write them; every field has a default. */
export const SiteSettings = z.strictObject(SETTINGS_SHAPE).check(consistent);
export type SiteSettings = z.infer<typeof SiteSettings>;

/**
 * One site in a configuration file (`teahouse site apply`): its id, name, allowed origins and
 * settings side by side. A site's signing secret never goes in a file: new sites get one generated.
 */
export const SiteDefinition = z.strictObject({
  id: SiteId,
  /** @default the id, for a new site */
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** Exact origins allowed to call the API from a browser. */
  origins: z.optional(z.array(z.string().check(z.regex(/^https?:\/\/[^/\s]+$/i, 'an origin: scheme, host and port only, e.g. https://news.example.com'))).check(z.maxLength(100))),
  ...SETTINGS_SHAPE,
}).check(consistent);
export type SiteDefinition = z.infer<typeof SiteDefinition>;

/** A configuration file with several sites under `sites:` (a file may also be one SiteDefinition). */
export const SitesFile = z.strictObject({ sites: z.array(SiteDefinition).check(z.minLength(1), z.maxLength(1000)) });
export type SitesFile = z.infer<typeof SitesFile>;

/** The keys of SiteSettings, for listing what `site set` accepts. */
export const SITE_SETTING_KEYS = Object.keys(SETTINGS_SHAPE) as (keyof SiteSettings)[];
