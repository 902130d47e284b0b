import {
  REACTION_KEY_PATTERN,
  type ReactionConfig, type ReactionOption, type ReactionOptionSeed, type ReactionSettings,
} from '@teahouse/protocol';
import { namedReactionSet } from '../sites/locale.js';

export type { ReactionOptionSeed, ReactionSettings } from '@teahouse/protocol';

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
  if (set === undefined || typeof set === 'string') return;
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

/**
 * The rules in effect, from whatever is stored (unknown or broken parts mean the default); named
 * sets, `default` among them, follow the site's locale.
 */
export function resolveReactions(settings: ReactionSettings | undefined, site: { locale?: unknown } = {}): ResolvedReactions {
  const set = settings?.set;
  const fallback = () => [...namedReactionSet('default', site)];
  let options: ReactionOption[];
  if (set === 'forum' || set === 'neutral' || set === 'emoji') options = [...namedReactionSet(set, site)];
  else if (Array.isArray(set)) {
    const seen = new Set<string>();
    options = set
      .filter((o) => o && typeof o.key === 'string' && REACTION_KEY_PATTERN.test(o.key) && !seen.has(o.key) && seen.add(o.key))
      .slice(0, MAX_OPTIONS)
      .map(toOption);
    if (options.length === 0) options = fallback();
  } else options = fallback();
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
