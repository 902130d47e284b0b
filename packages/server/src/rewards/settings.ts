import { localeDefaults, FORUM_RULES } from '../sites/locale.js';
import {
  RewardSettings, WECHAT_CHANNELS,
  type Currency, type PublicRule, type RewardAction, type RewardRule, type ShareChannel,
} from '@teahouse/protocol';

/** A rule with the id its idempotency keys and counters use: `share.wechat_moments`, `reply`, … */
export interface ResolvedRule extends RewardRule {
  id: string;
}

export interface ResolvedRewards {
  enabled: boolean;
  currency: Currency;
  rules: ResolvedRule[];
  dailyCap: number;
  dailyBudget: number;
  wechatRewards: boolean;
  hold: number;
  visitsPerIpWindow: { max: number; seconds: number };
  announce: boolean;
  reverseOnRemoval: boolean;
  leaderboard: boolean;
  timeZone: string;
  webhook: { url: string; secret: string; allowPrivate: boolean } | null;
}

/** The rules of a site whose locale is Chinese (the default); other locales get their own (sites/locale.ts). */
export const DEFAULT_RULES: readonly RewardRule[] = FORUM_RULES;

export const DEFAULT_DAILY_CAP = 200;

/** Checks a site seed's rewards settings; a bad seed stops the start with the reason. */
export function checkRewardSettings(siteId: string, value: unknown): RewardSettings {
  const result = RewardSettings.safeParse(value);
  if (!result.success) {
    const why = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`site "${siteId}": invalid rewards settings: ${why}`);
  }
  const zone = result.data.timeZone;
  if (zone !== undefined && !validZone(zone)) throw new Error(`site "${siteId}": unknown time zone "${zone}"`);
  if (result.data.webhookUrl && !result.data.webhookSecret) throw new Error(`site "${siteId}": webhookUrl needs a webhookSecret`);
  return result.data;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ruleId = (rule: Pick<RewardRule, 'action' | 'channel'>): string =>
  rule.channel ? `${rule.action}.${rule.channel}` : rule.action;

const cache = new WeakMap<object, ResolvedRewards>();

/**
 * The rewards settings of a site with every default filled in. Settings that no longer
 * validate (edited by hand in the database) fall back to the defaults rather than failing requests.
 */
export function rewardsOf(site: { settings: object }): ResolvedRewards {
  const hit = cache.get(site);
  if (hit) return hit;
  const raw = (site.settings as { rewards?: unknown }).rewards;
  const parsed = RewardSettings.safeParse(raw ?? {});
  const s: RewardSettings = parsed.success ? parsed.data : {};
  const defaults = localeDefaults(site.settings as { locale?: unknown });
  const seen = new Set<string>();
  const rules: ResolvedRule[] = [];
  for (const rule of s.rules ?? defaults.rules) {
    const id = ruleId(rule);
    // One rule per action and channel: the first one wins.
    if (seen.has(id) || (rule.cycle === 'interval' && !rule.intervalSeconds)) continue;
    seen.add(id);
    rules.push({ ...rule, ...(rule.action === 'share' ? {} : { channel: undefined }), id });
  }
  const resolved: ResolvedRewards = {
    enabled: s.enabled ?? true,
    currency: s.currency ?? defaults.currency,
    rules,
    dailyCap: s.dailyCap ?? DEFAULT_DAILY_CAP,
    dailyBudget: s.dailyBudget ?? 0,
    wechatRewards: s.wechatRewards ?? false,
    hold: s.hold ?? 0,
    visitsPerIpWindow: s.visitsPerIpWindow ?? { max: 3, seconds: 3600 },
    announce: s.announce ?? true,
    reverseOnRemoval: s.reverseOnRemoval ?? false,
    leaderboard: s.leaderboard ?? true,
    timeZone: s.timeZone && validZone(s.timeZone) ? s.timeZone : 'UTC',
    webhook: s.webhookUrl && s.webhookSecret
      ? { url: s.webhookUrl, secret: s.webhookSecret, allowPrivate: s.webhookAllowPrivate ?? false }
      : null,
  };
  cache.set(site, resolved);
  return resolved;
}

export const isWechat = (channel: ShareChannel | undefined): boolean => channel !== undefined && WECHAT_CHANNELS.includes(channel);

/**
 * Whether a rule can award on this site now: WeChat channels only where the site opted in. Pass the
 * channel shared to when a channel-less share rule stands in for it.
 */
export function ruleActive(rewards: ResolvedRewards, rule: ResolvedRule, channel = rule.channel): boolean {
  return rewards.enabled && (!isWechat(channel) || rewards.wechatRewards);
}

/** The rule for an action (and share channel): the channel's own rule, else the action's channel-less one. */
export function findRule(rewards: ResolvedRewards, action: RewardAction, channel?: ShareChannel): ResolvedRule | null {
  let fallback: ResolvedRule | null = null;
  for (const rule of rewards.rules) {
    if (rule.action !== action) continue;
    if (channel !== undefined && rule.channel === channel) return rule;
    if (rule.channel === undefined) fallback ??= rule;
  }
  return fallback;
}

export function publicRule(rewards: ResolvedRewards, rule: ResolvedRule): PublicRule {
  const { id, action, channel, points, cycle, intervalSeconds, limit, verify } = rule;
  return {
    id, action, points, cycle, limit, verify, active: ruleActive(rewards, rule),
    ...(channel ? { channel } : {}),
    ...(intervalSeconds ? { intervalSeconds } : {}),
  };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const periodFormats = new Map<string, Intl.DateTimeFormat>();

/** Formatters cost far more to create than to use, and every award asks for one: one per zone, kept. */
function formatOf(cache: Map<string, Intl.DateTimeFormat>, zone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(zone);
  if (!format) cache.set(zone, (format = make()));
  return format;
}

/** `YYYY-MM-DD` of an instant in the site's time zone. */
export function dayOf(zone: string, at: Date): string {
  const format = formatOf(dayFormats, zone, () => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  const parts = format.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The instant the site's day (or week, starting Monday) containing `at` began. */
export function periodStart(zone: string, at: Date, period: 'day' | 'week'): Date {
  const parts = formatOf(periodFormats, zone, () => new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
  })).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const y = Number(get('year'));
  const m = Number(get('month'));
  const d = Number(get('day'));
  const localAsUtc = Date.UTC(y, m - 1, d, Number(get('hour')), Number(get('minute')), Number(get('second')));
  const offset = localAsUtc - Math.floor(at.getTime() / 1000) * 1000;
  const back = period === 'week' ? (['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday'))) : 0;
  return new Date(Date.UTC(y, m - 1, d - Math.max(back, 0)) - offset);
}

/** The cycle bucket of a rule: one key per cycle, so a rule awards again only in a new cycle. */
export function cycleBucket(rewards: ResolvedRewards, rule: RewardRule, at: Date): string {
  switch (rule.cycle) {
    case 'once':
      return 'once';
    case 'day':
      return dayOf(rewards.timeZone, at);
    case 'interval':
      return `i${Math.floor(at.getTime() / 1000 / (rule.intervalSeconds ?? 86400))}`;
    case 'unlimited':
      return 'u';
  }
}
