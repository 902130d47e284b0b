import { NotificationSettings, type CommentWebhookType } from '@teahouse/protocol';

export interface ResolvedNotifications {
  email: boolean;
  readerDailyMail: number;
  siteDailyMail: number;
  webhookEvents: ReadonlySet<CommentWebhookType>;
}

export const DEFAULT_READER_DAILY_MAIL = 20;
export const DEFAULT_SITE_DAILY_MAIL = 2000;

/** Checks a site seed's notification settings; a bad seed stops the start with the reason. */
export function checkNotificationSettings(siteId: string, value: unknown): NotificationSettings {
  const result = NotificationSettings.safeParse(value);
  if (!result.success) {
    const why = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`site "${siteId}": invalid notification settings: ${why}`);
  }
  return result.data;
}

const cache = new WeakMap<object, ResolvedNotifications>();

/** A site's notification settings with the defaults filled in; settings that no longer validate read as the defaults. */
export function notificationsOf(site: { settings: object }): ResolvedNotifications {
  const hit = cache.get(site);
  if (hit) return hit;
  const parsed = NotificationSettings.safeParse((site.settings as { notifications?: unknown }).notifications ?? {});
  const s: NotificationSettings = parsed.success ? parsed.data : {};
  const resolved: ResolvedNotifications = {
    email: s.email ?? true,
    readerDailyMail: s.readerDailyMail ?? DEFAULT_READER_DAILY_MAIL,
    siteDailyMail: s.siteDailyMail ?? DEFAULT_SITE_DAILY_MAIL,
    webhookEvents: new Set(s.webhookEvents ?? []),
  };
  cache.set(site, resolved);
  return resolved;
}
