/** Locale-independent floor label data: the zh names of floors 2–4 are forum tradition. */
const ZH_NAMED: Record<number, string> = { 2: '沙发', 3: '板凳', 4: '地板' };

/** The label a floor carries at its right: 沙发, 板凳, 地板, N楼 in Chinese; #N in English. */
export function floorLabel(number: number, lang: string): string {
  if (/^zh/i.test(lang)) return ZH_NAMED[number] ?? `${number}楼`;
  return `#${number}`;
}
