import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import type { FloorRegion } from '@teahouse/protocol';
import { localeOf } from '../sites/locale.js';
import type { Site } from '../sites/sites.js';
import { COUNTRIES, COUNTRY_ALIASES } from './countries.js';

/**
 * IP属地: the region a floor was posted from, province for China, country elsewhere, looked up in
 * the offline ip2region database that the `ip2region` package ships (IPv4 from ip2region, IPv6 from
 * the ipv6wry data in the same package). Only the region's code is stored on the floor; the address
 * itself never reaches the database.
 */

/** China's provincial divisions by ISO 3166-2 code (without `CN-`): [zh-CN, zh-TW, en]. */
const PROVINCES: Record<string, readonly [string, string, string]> = {
  BJ: ['北京', '北京', 'Beijing'],
  TJ: ['天津', '天津', 'Tianjin'],
  HE: ['河北', '河北', 'Hebei'],
  SX: ['山西', '山西', 'Shanxi'],
  NM: ['内蒙古', '內蒙古', 'Inner Mongolia'],
  LN: ['辽宁', '遼寧', 'Liaoning'],
  JL: ['吉林', '吉林', 'Jilin'],
  HL: ['黑龙江', '黑龍江', 'Heilongjiang'],
  SH: ['上海', '上海', 'Shanghai'],
  JS: ['江苏', '江蘇', 'Jiangsu'],
  ZJ: ['浙江', '浙江', 'Zhejiang'],
  AH: ['安徽', '安徽', 'Anhui'],
  FJ: ['福建', '福建', 'Fujian'],
  JX: ['江西', '江西', 'Jiangxi'],
  SD: ['山东', '山東', 'Shandong'],
  HA: ['河南', '河南', 'Henan'],
  HB: ['湖北', '湖北', 'Hubei'],
  HN: ['湖南', '湖南', 'Hunan'],
  GD: ['广东', '廣東', 'Guangdong'],
  GX: ['广西', '廣西', 'Guangxi'],
  HI: ['海南', '海南', 'Hainan'],
  CQ: ['重庆', '重慶', 'Chongqing'],
  SC: ['四川', '四川', 'Sichuan'],
  GZ: ['贵州', '貴州', 'Guizhou'],
  YN: ['云南', '雲南', 'Yunnan'],
  XZ: ['西藏', '西藏', 'Tibet'],
  SN: ['陕西', '陝西', 'Shaanxi'],
  GS: ['甘肃', '甘肅', 'Gansu'],
  QH: ['青海', '青海', 'Qinghai'],
  NX: ['宁夏', '寧夏', 'Ningxia'],
  XJ: ['新疆', '新疆', 'Xinjiang'],
  TW: ['台湾', '臺灣', 'Taiwan'],
  HK: ['香港', '香港', 'Hong Kong'],
  MO: ['澳门', '澳門', 'Macao'],
};

const CHINA = '中国';
/** The data writes 广东省, 广西, 北京, 台湾省 …: the short name is the start of each. */
const provinceOf = (text: string): string | null => {
  for (const [code, [name]] of Object.entries(PROVINCES)) if (text.startsWith(name)) return `CN-${code}`;
  return null;
};

const countryCodes = new Map<string, string>([
  ...Object.entries(COUNTRIES).map(([code, [name]]) => [name, code] as [string, string]),
  ...Object.entries(COUNTRY_ALIASES),
]);
/** Longest names first, so that 美属萨摩亚 is not read as 美国's neighbour. */
const countryNames = [...countryCodes.keys()].sort((a, b) => b.length - a.length);

/** The names of a region code in every locale; null for a code this table does not know. */
export function regionNames(code: string): FloorRegion | null {
  const names = code.startsWith('CN-') ? PROVINCES[code.slice(3)] : COUNTRIES[code];
  if (!names) return null;
  return { code, 'zh-CN': names[0], 'zh-TW': names[1], en: names[2] };
}

interface Found { country?: string; province?: string; data?: string }
interface Searcher { search(ip: string): Found | null; searchRaw(ip: string): Found | null }

let searcher: Searcher | undefined;

/** The databases are read (about 11 MB) on the first lookup, not on import: a site without IP属地 never pays for them. */
function load(): Searcher {
  if (!searcher) {
    const require = createRequire(import.meta.url);
    const IP2Region = (require('ip2region') as { default: new () => Searcher }).default;
    searcher = new IP2Region();
  }
  return searcher;
}

/** A region code (`CN-GX`, `US`) for an address, or null for a private, unknown or unparsable one. */
export function lookupRegion(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return null;
  let found: Found | null;
  try {
    found = load().searchRaw(address);
  } catch {
    return null;
  }
  if (!found) return null;
  if (family === 4) {
    if (found.country === CHINA) return found.province ? provinceOf(found.province) : null;
    return (found.country && countryCodes.get(found.country)) || null;
  }
  // IPv6 entries are one string, e.g. 中国广东省广州市番禺区 or 美国加利福尼亚州.
  const text = found.data ?? '';
  if (text.startsWith(CHINA)) return provinceOf(text.slice(CHINA.length));
  const name = countryNames.find((n) => text.startsWith(n));
  return name ? countryCodes.get(name)! : null;
}

/** Whether a site records and shows IP属地: its `ipRegion` setting, else on for Chinese-locale sites. */
export function showsRegion(site: Site): boolean {
  return site.settings.ipRegion ?? localeOf(site.settings) !== 'en';
}

/** The region to record on a floor posted from `address` to `site`; null where the site does not record it. */
export function regionFor(site: Site, address: string): string | null {
  return showsRegion(site) ? lookupRegion(address) : null;
}
