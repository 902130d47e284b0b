/** `[hits, seconds]`: at most `hits` requests per window of `seconds`, a window starting at a key's first hit. */
export type RateWindow = readonly [hits: number, seconds: number];

/** Limits of one kind of request; `null` turns one off. */
export interface ActionLimits {
  /** Per signed-in reader (or anonymous visitor token, where the action takes one). */
  perUser?: RateWindow | null;
  /** Per client address (an IPv6 client by its /64). */
  perIp?: RateWindow | null;
}

/** The requests that are rate limited. */
export const LIMITED_ACTIONS = ['posts', 'edits', 'reactions', 'reports', 'shares', 'visits', 'visitor', 'guests'] as const;
export type LimitedAction = (typeof LIMITED_ACTIONS)[number];

/**
 * A site's abuse limits (the site seed's `limits`); every field falls back to the server's
 * defaults (`AppOptions.limits`), then to the built-in ones (docs/abuse.md).
 */
export interface LimitSettings extends Partial<Record<LimitedAction, ActionLimits>> {
  /** Seconds a reader (and, for guests, an address) waits between two posts; 0 turns it off. @default 15 */
  floodSeconds?: number;
  /** Seconds during which the same reader cannot post the same text again; 0 turns it off. @default 600 */
  duplicateSeconds?: number;
}

export interface ResolvedLimits {
  floodSeconds: number;
  duplicateSeconds: number;
  actions: Record<LimitedAction, { perUser: RateWindow | null; perIp: RateWindow | null }>;
}

/** The built-in limits: generous for a person, tight for a script. */
export const DEFAULT_LIMITS: ResolvedLimits = {
  floodSeconds: 15,
  duplicateSeconds: 600,
  actions: {
    posts: { perUser: [20, 600], perIp: [60, 600] },
    edits: { perUser: [20, 600], perIp: [120, 600] },
    reactions: { perUser: [60, 60], perIp: [300, 60] },
    reports: { perUser: [10, 3600], perIp: [30, 3600] },
    shares: { perUser: [30, 600], perIp: [120, 600] },
    visits: { perUser: null, perIp: [60, 600] },
    visitor: { perUser: null, perIp: [20, 3600] },
    guests: { perUser: null, perIp: [10, 3600] },
  },
};

/** No limit at all: what `limits: false` means. */
export const NO_LIMITS: ResolvedLimits = {
  floodSeconds: 0,
  duplicateSeconds: 0,
  actions: Object.fromEntries(LIMITED_ACTIONS.map((a) => [a, { perUser: null, perIp: null }])) as ResolvedLimits['actions'],
};

const MAX_SECONDS = 366 * 86400;
const isCount = (n: unknown, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;

function checkWindow(where: string, value: unknown): void {
  if (value === null) return;
  if (!Array.isArray(value) || value.length !== 2 || !isCount(value[0], 1_000_000) || !isCount(value[1], MAX_SECONDS) || value[0] < 1 || value[1] < 1) {
    throw new Error(`${where} must be [hits, seconds] with whole numbers of at least 1, or null`);
  }
}

/** Checks limit settings from a site seed or the server options; a bad value stops the start with the reason. */
export function checkLimitSettings(where: string, value: unknown): LimitSettings {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: limits must be an object`);
  const settings = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(settings)) {
    if (key === 'floodSeconds' || key === 'duplicateSeconds') {
      if (!isCount(v, MAX_SECONDS)) throw new Error(`${where}: limits.${key} must be a whole number of seconds`);
    } else if ((LIMITED_ACTIONS as readonly string[]).includes(key)) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${where}: limits.${key} must be {perUser?, perIp?}`);
      for (const [scope, w] of Object.entries(v)) {
        if (scope !== 'perUser' && scope !== 'perIp') throw new Error(`${where}: limits.${key}.${scope} is not a setting`);
        checkWindow(`${where}: limits.${key}.${scope}`, w);
      }
    } else {
      throw new Error(`${where}: limits.${key} is not a setting (known: floodSeconds, duplicateSeconds, ${LIMITED_ACTIONS.join(', ')})`);
    }
  }
  return settings as LimitSettings;
}

/** Settings laid over resolved limits, field by field. */
export function resolveLimits(base: ResolvedLimits, settings: LimitSettings | undefined): ResolvedLimits {
  if (!settings) return base;
  const actions = { ...base.actions };
  for (const action of LIMITED_ACTIONS) {
    const own = settings[action];
    if (!own) continue;
    actions[action] = {
      perUser: own.perUser === undefined ? base.actions[action].perUser : own.perUser,
      perIp: own.perIp === undefined ? base.actions[action].perIp : own.perIp,
    };
  }
  return {
    floodSeconds: settings.floodSeconds ?? base.floodSeconds,
    duplicateSeconds: settings.duplicateSeconds ?? base.duplicateSeconds,
    actions,
  };
}
