// What sharing needs besides the element: the channels and their order, the share pages of Weibo,
// QQ and QZone, what the host page says about itself, and which browser the reader is in.
import { SHARE_CHANNELS, isWechatChannel, type PointsRules, type ShareChannel } from '@teahouse/protocol';

export { isWechatChannel };
/** Every channel, in the order the bar shows them. */
const CHANNELS: readonly ShareChannel[] = SHARE_CHANNELS;

/** Channels whose press opens the service's own share page in a new window. */
export type WebChannel = 'weibo' | 'qq' | 'qzone' | 'x' | 'facebook' | 'linkedin';
const WEB_CHANNELS: readonly ShareChannel[] = ['weibo', 'qq', 'qzone', 'x', 'facebook', 'linkedin'];
export const isWebChannel = (channel: ShareChannel): channel is WebChannel => WEB_CHANNELS.includes(channel);

/** What a share page shows: the host page's title, summary and image, and the (tracked) link. */
export interface ShareData {
  url: string;
  title: string;
  summary: string;
  /** An absolute http(s) image URL, or empty. */
  image: string;
}

const SHARE_PAGES: Record<WebChannel, string> = {
  weibo: 'https://service.weibo.com/share/share.php',
  qq: 'https://connect.qq.com/widget/shareqq/index.html',
  qzone: 'https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey',
  x: 'https://x.com/intent/post',
  facebook: 'https://www.facebook.com/sharer/sharer.php',
  linkedin: 'https://www.linkedin.com/sharing/share-offsite/',
};

/** What each share page calls its fields; Facebook and LinkedIn read the rest from the page's own Open Graph tags. */
function pageParams(channel: WebChannel, data: ShareData): [string, string][] {
  switch (channel) {
    case 'weibo':
      // Weibo has one text field: the title and the summary go in it together.
      return [['url', data.url], ['title', data.summary ? `${data.title} ${data.summary}` : data.title], ['pic', data.image]];
    case 'x':
      return [['url', data.url], ['text', data.title]];
    case 'facebook':
      return [['u', data.url]];
    case 'linkedin':
      return [['url', data.url]];
    default:
      return [['url', data.url], ['title', data.title], ['desc', data.summary], ['summary', data.summary], ['pics', data.image]];
  }
}

/**
 * The service's share page for `data`. Values are percent-encoded with `encodeURIComponent`
 * (a space is `%20`, never `+`, which these pages would show as a plus sign).
 */
export function sharePageUrl(channel: WebChannel, data: ShareData): string {
  const query = pageParams(channel, data).filter(([, value]) => value).map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `${SHARE_PAGES[channel]}?${query}`;
}

/** A draft in the reader's mail app: the title as subject, the summary and the link as body. */
export function emailUrl(data: ShareData): string {
  const body = data.summary ? `${data.summary}\n\n${data.url}` : data.url;
  return `mailto:?subject=${encodeURIComponent(data.title)}&body=${encodeURIComponent(body)}`;
}

function meta(doc: Document, selector: string): string {
  return doc.querySelector<HTMLMetaElement>(selector)?.content.trim() ?? '';
}

function absoluteHttp(value: string, doc: Document): string {
  if (!value) return '';
  try {
    const url = new URL(value, doc.baseURI);
    return /^https?:$/.test(url.protocol) ? url.href : '';
  } catch {
    return '';
  }
}

/**
 * What the host page says about itself, as share cards read it: `og:title`, else the given title,
 * else `<title>`; `og:description`, else `<meta name="description">`; `og:image` made absolute.
 */
export function pageMetadata(doc: Document, fallbackTitle?: string): Omit<ShareData, 'url'> {
  return {
    title: meta(doc, 'meta[property="og:title"]') || fallbackTitle || doc.title.trim(),
    summary: meta(doc, 'meta[property="og:description"]') || meta(doc, 'meta[name="description"]'),
    image: absoluteHttp(meta(doc, 'meta[property="og:image"]') || meta(doc, 'meta[name="twitter:image"]'), doc),
  };
}

/** WeChat's in-app browser says so in its user agent. */
export function inWechatBrowser(userAgent = navigator.userAgent): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/**
 * The channels to show: the host's own list when it gives one; otherwise the channels the site's
 * share rules name, or every channel when a share rule covers all of them (one without a channel)
 * or the site has no share rules at all. The system share sheet only where the browser has one.
 */
export function channelsToShow(rules: PointsRules | null, chosen: string | undefined, canShare: boolean): ShareChannel[] {
  const listed = chosen?.split(/[\s,]+/).filter(Boolean);
  let channels: readonly ShareChannel[];
  if (listed?.length) {
    channels = listed.filter((c): c is ShareChannel => CHANNELS.includes(c as ShareChannel));
  } else {
    const shareRules = rules?.rules.filter((rule) => rule.action === 'share') ?? [];
    const all = shareRules.length === 0 || shareRules.some((rule) => !rule.channel);
    channels = all ? CHANNELS : CHANNELS.filter((c) => shareRules.some((rule) => rule.channel === c));
  }
  return channels.filter((c, i) => (c !== 'system' || canShare) && channels.indexOf(c) === i);
}

/** The page's address without a referral code: what anonymous readers share, and what the address bar keeps. */
export function withoutParam(href: string, param: string): string {
  const url = new URL(href);
  url.searchParams.delete(param);
  url.hash = '';
  return url.href;
}

/** What one share through `channel` earns on this site now (0: nothing, e.g. WeChat before the site opts in). */
export function pointsFor(rules: PointsRules | null, channel: ShareChannel): number {
  const share = rules?.rules.filter((rule) => rule.action === 'share') ?? [];
  const rule = share.find((r) => r.channel === channel) ?? share.find((r) => !r.channel);
  if (!rules || !rule?.active || (isWechatChannel(channel) && !rules.wechatRewards)) return 0;
  return rule.points;
}
