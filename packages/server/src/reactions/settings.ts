import {
  DEFAULT_REACTIONS, EMOJI_REACTIONS, REACTION_KEY_PATTERN,
  type ReactionConfig, type ReactionOption,
} from '@teahouse/protocol';

/** One button of a custom reaction set, as an operator writes it. */
export interface ReactionOptionSeed {
  /** Stored with every reaction: lowercase letters, digits, `-`, `_` (up to 32). */
  key: string;
  /** Shown before the label, e.g. `👍`. */
  emoji?: string;
  /** One label, or labels by locale (`zh-CN`, `zh-TW`, `en`; `en` is the fallback). @default the key */
  label?: string | Record<string, string>;
  /** Keys with the same group exclude each other. @default none (independent) */
  group?: string;
  /** What one reaction adds to the target's score. @default 1 */
  score?: number;
}

/** A site's reaction rules. Every field falls back to its default. */
export interface ReactionSettings {
  /**
   * `'default'`: the exclusive pair 牛逼 (`up`, +1) / 垃圾 (`down`, -1); `'emoji'`: 👍 ❤️ 😂 😮 😢 😡,
   * independent, +1 each; or a list of options. Counts are stored per key, so changing the set
   * keeps the counts of keys that remain. @default 'default'
   */
  set?: 'default' | 'emoji' | ReactionOptionSeed[];
  /** Readers may react without signing in, de-duplicated by a server-signed visitor token. @default false */
  anonymousReactions?: boolean;
  /** Readers may react to their own floors (and article authors to their article). @default false */
  selfReactions?: boolean;
  /** `GET …/reactions/who` lists the names of readers who reacted. @default false */
  showWho?: boolean;
  /** 热门回复 above the thread: up to `count` floors scoring at least `minScore`; `false` hides them. @default {count: 3, minScore: 5} */
  hotReplies?: { count?: number; minScore?: number } | false;
}

/** The rules in effect for a site, every default filled in. */
export interface ResolvedReactions {
  options: ReactionOption[];
  byKey: Map<string, ReactionOption>;
  anonymous: boolean;
  selfReactions: boolean;
  showWho: boolean;
  hot: { count: number; minScore: number };
}

const MAX_OPTIONS = 16;
const MAX_HOT = 10;

const wholeIn = (value: unknown, min: number, max: number, fallback: number): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;

function toOption(seed: ReactionOptionSeed): ReactionOption {
  const labels = typeof seed.label === 'string' ? { en: seed.label } : { ...(seed.label ?? {}) };
  labels.en ??= Object.values(labels)[0] ?? seed.key;
  return {
    key: seed.key,
    emoji: seed.emoji ?? null,
    labels,
    group: seed.group ?? null,
    score: wholeIn(seed.score, -100, 100, 1),
  };
}

/** Checks an operator's settings when sites are seeded; a bad set stops the start with a reason. */
export function checkReactionSettings(siteId: string, settings: ReactionSettings | undefined): void {
  const set = settings?.set;
  if (set === undefined || set === 'default' || set === 'emoji') return;
  if (!Array.isArray(set) || set.length === 0 || set.length > MAX_OPTIONS) {
    throw new Error(`site "${siteId}": reactions.set must be 'default', 'emoji' or 1 to ${MAX_OPTIONS} options`);
  }
  const seen = new Set<string>();
  for (const option of set) {
    if (!REACTION_KEY_PATTERN.test(option.key)) throw new Error(`site "${siteId}": invalid reaction key "${option.key}"`);
    if (seen.has(option.key)) throw new Error(`site "${siteId}": reaction key "${option.key}" is listed twice`);
    seen.add(option.key);
  }
}

/** The rules in effect, from whatever is stored (unknown or broken parts mean the default). */
export function resolveReactions(settings: ReactionSettings | undefined): ResolvedReactions {
  const set = settings?.set;
  let options: ReactionOption[];
  if (set === 'emoji') options = [...EMOJI_REACTIONS];
  else if (Array.isArray(set)) {
    const seen = new Set<string>();
    options = set
      .filter((o) => o && typeof o.key === 'string' && REACTION_KEY_PATTERN.test(o.key) && !seen.has(o.key) && seen.add(o.key))
      .slice(0, MAX_OPTIONS)
      .map(toOption);
    if (options.length === 0) options = [...DEFAULT_REACTIONS];
  } else options = [...DEFAULT_REACTIONS];
  const hot = settings?.hotReplies;
  return {
    options,
    byKey: new Map(options.map((o) => [o.key, o])),
    anonymous: settings?.anonymousReactions === true,
    selfReactions: settings?.selfReactions === true,
    showWho: settings?.showWho === true,
    hot: hot === false
      ? { count: 0, minScore: 0 }
      : { count: wholeIn(hot?.count, 0, MAX_HOT, 3), minScore: wholeIn(hot?.minScore, -1_000_000, 1_000_000, 5) },
  };
}

/** What the bootstrap tells the widget. */
export function reactionConfig(resolved: ResolvedReactions): ReactionConfig {
  return { options: resolved.options, anonymous: resolved.anonymous, showWho: resolved.showWho };
}
