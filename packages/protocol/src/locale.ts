/** The locales every reader-facing text ships in. */
export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Maps any language tag to a shipped locale: zh-TW/zh-HK/zh-MO/zh-Hant → zh-TW, other zh* → zh-CN, else en. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const lower = (tag ?? '').toLowerCase();
  if (!lower.startsWith('zh')) return 'en';
  return /^zh-(tw|hk|mo|hant)/.test(lower) ? 'zh-TW' : 'zh-CN';
}
