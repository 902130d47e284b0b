import {
  DEFAULT_REPORT_THRESHOLD, ModerationSettings, REPORT_REASONS,
  type ModerationPolicy, type Premoderation,
} from '@teahouse/protocol';

/** Checks a site seed's moderation settings; a bad seed stops the start with the reason. */
export function checkModerationSettings(siteId: string, value: unknown): ModerationSettings {
  const result = ModerationSettings.safeParse(value);
  if (!result.success) {
    const why = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`site "${siteId}": invalid moderation settings: ${why}`);
  }
  return result.data;
}

export interface ResolvedModeration {
  reportThreshold: number;
  premoderation: Premoderation;
}

const cache = new WeakMap<object, ResolvedModeration>();

/**
 * A site's moderation settings with the defaults filled in. Settings that no longer validate
 * (edited by hand in the database) fall back to the defaults rather than failing requests.
 */
export function moderationOf(site: { settings: object }): ResolvedModeration {
  const hit = cache.get(site);
  if (hit) return hit;
  const parsed = ModerationSettings.safeParse((site.settings as { moderation?: unknown }).moderation ?? {});
  const s: ModerationSettings = parsed.success ? parsed.data : {};
  const resolved = { reportThreshold: s.reportThreshold ?? DEFAULT_REPORT_THRESHOLD, premoderation: s.premoderation ?? 'none' };
  cache.set(site, resolved);
  return resolved;
}

/** The policy as `GET moderation/settings` shows it. */
export function policyOf(site: { settings: object }): ModerationPolicy {
  return { ...moderationOf(site), reasons: [...REPORT_REASONS] };
}
