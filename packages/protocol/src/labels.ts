import type { Locale } from './locale.js';

// Floors 2–4 have names of their own on Chinese forums; each script writes them itself.
const NAMED: Record<Exclude<Locale, 'en'>, Record<number, string>> = {
  'zh-CN': { 2: '沙发', 3: '板凳', 4: '地板' },
  'zh-TW': { 2: '沙發', 3: '板凳', 4: '地板' },
};
const NUMBERED: Record<Locale, (n: number) => string> = {
  'zh-CN': (n) => `${n}楼`,
  'zh-TW': (n) => `${n}樓`,
  en: (n) => `#${n}`,
};

/** The label a floor carries at its right: 沙发, 板凳, 地板, N楼 (zh-CN); 沙發, 板凳, 地板, N樓 (zh-TW); #N (en). */
export function floorLabel(number: number, locale: Locale): string {
  return (locale === 'en' ? undefined : NAMED[locale][number]) ?? NUMBERED[locale](number);
}
