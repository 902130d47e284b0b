import type { Locale, Notice } from '@teahouse/protocol';

/** What a mail says, in the reader's language. */
interface MailWords {
  reply(names: string, count: number): string;
  quote(names: string, count: number): string;
  mention(names: string, count: number): string;
  award(points: number, currency: string): string;
  hidden: string;
  restored: string;
  pinned: string;
  someone: string;
  open: string;
  digest(count: number, site: string): string;
  why(site: string): string;
  unsubscribe: string;
  unsubscribed: string;
  unsubscribeButton: string;
  unsubscribeQuestion: string;
}

const list = (names: string[], sep: string) => names.join(sep);

export const MAIL_WORDS: Record<Locale, MailWords> = {
  'zh-CN': {
    reply: (n, c) => (c > 1 ? `${c} 人回复了你` : `${n} 回复了你`),
    quote: (n, c) => (c > 1 ? `${c} 人引用了你的回复` : `${n} 引用了你的回复`),
    mention: (n) => `${n} 提到了你`,
    award: (p, cur) => `你获得了 ${p} ${cur}`,
    hidden: '你的回复被隐藏了',
    restored: '你的回复已恢复',
    pinned: '你的回复被置顶了',
    someone: '有人',
    open: '查看',
    digest: (c, s) => `${s}：你有 ${c} 条新消息`,
    why: (s) => `你收到这封邮件，是因为你在 ${s} 开启了消息提醒。`,
    unsubscribe: '退订邮件提醒',
    unsubscribed: '已退订，不会再收到邮件提醒。',
    unsubscribeButton: '退订',
    unsubscribeQuestion: '不再接收这个网站的邮件提醒？',
  },
  'zh-TW': {
    reply: (n, c) => (c > 1 ? `${c} 人回覆了你` : `${n} 回覆了你`),
    quote: (n, c) => (c > 1 ? `${c} 人引用了你的回覆` : `${n} 引用了你的回覆`),
    mention: (n) => `${n} 提到了你`,
    award: (p, cur) => `你獲得了 ${p} ${cur}`,
    hidden: '你的回覆被隱藏了',
    restored: '你的回覆已恢復',
    pinned: '你的回覆被置頂了',
    someone: '有人',
    open: '查看',
    digest: (c, s) => `${s}：你有 ${c} 則新訊息`,
    why: (s) => `你收到這封郵件，是因為你在 ${s} 開啟了訊息提醒。`,
    unsubscribe: '取消郵件提醒',
    unsubscribed: '已取消，不會再收到郵件提醒。',
    unsubscribeButton: '取消訂閱',
    unsubscribeQuestion: '不再接收這個網站的郵件提醒？',
  },
  en: {
    reply: (n, c) => (c > 1 ? `${c} people replied to you` : `${n} replied to you`),
    quote: (n, c) => (c > 1 ? `${c} people quoted you` : `${n} quoted you`),
    mention: (n) => `${n} mentioned you`,
    award: (p, cur) => `You earned ${p} ${cur}`,
    hidden: 'Your comment was hidden',
    restored: 'Your comment was restored',
    pinned: 'Your comment was pinned',
    someone: 'Someone',
    open: 'Open',
    digest: (c, s) => `${s}: ${c} new notification${c === 1 ? '' : 's'}`,
    why: (s) => `You get this mail because you turned on notifications at ${s}.`,
    unsubscribe: 'Unsubscribe from these mails',
    unsubscribed: 'Unsubscribed: no more mail from this site.',
    unsubscribeButton: 'Unsubscribe',
    unsubscribeQuestion: 'Stop mail notifications from this site?',
  },
};

/** One line saying what happened. */
export function noticeLine(notice: Notice, locale: Locale, currency: string): string {
  const w = MAIL_WORDS[locale];
  const names = notice.actors.length > 0 ? list(notice.actors.map((a) => a.name), locale === 'en' ? ', ' : '、') : w.someone;
  switch (notice.kind) {
    case 'reply':
      return w.reply(names, notice.count);
    case 'quote':
      return w.quote(names, notice.count);
    case 'mention':
      return w.mention(names, notice.count);
    case 'award':
      return w.award(notice.points ?? 0, currency);
    case 'moderation':
      return notice.outcome ? w[notice.outcome] : w.hidden;
  }
}

/** The floor's address on the host's page, when the host told the thread its URL. */
export function floorLink(notice: Notice): string | null {
  if (!notice.url || !/^https?:\/\//i.test(notice.url)) return null;
  const base = notice.url.split('#')[0]!;
  return notice.floor !== null && notice.floor > 1 ? `${base}#floor-${notice.floor}` : base;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface MailMessage {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** A mail for one notice, or a digest of several, with its one-click unsubscribe (RFC 8058). */
export function composeMail(
  notices: Notice[],
  options: { locale: Locale; siteName: string; currency: string; unsubscribeUrl: string },
): MailMessage {
  const w = MAIL_WORDS[options.locale];
  const lines = notices.map((n) => ({ line: noticeLine(n, options.locale, options.currency), link: floorLink(n), excerpt: n.excerpt, title: n.title }));
  const subject = notices.length === 1 ? `${lines[0]!.line} - ${options.siteName}` : w.digest(notices.length, options.siteName);
  const text = [
    ...lines.flatMap((l) => [
      l.title ? `${l.line} · ${l.title}` : l.line,
      ...(l.excerpt ? [`> ${l.excerpt}`] : []),
      ...(l.link ? [`${w.open}: ${l.link}`] : []),
      '',
    ]),
    '--',
    w.why(options.siteName),
    `${w.unsubscribe}: ${options.unsubscribeUrl}`,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${options.locale}"><body>`,
    ...lines.map((l) => `<p><strong>${escape(l.line)}</strong>${l.title ? ` · ${escape(l.title)}` : ''}</p>` +
      (l.excerpt ? `<blockquote>${escape(l.excerpt)}</blockquote>` : '') +
      (l.link ? `<p><a href="${escape(l.link)}">${escape(w.open)}</a></p>` : '')),
    `<hr><p><small>${escape(w.why(options.siteName))} <a href="${escape(options.unsubscribeUrl)}">${escape(w.unsubscribe)}</a></small></p>`,
    '</body></html>',
  ].join('');
  return {
    subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${options.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** The page an unsubscribe link opens (GET changes nothing), and the one after. */
export function unsubscribePage(locale: Locale, done: boolean): string {
  const w = MAIL_WORDS[locale];
  const body = done
    ? `<p>${escape(w.unsubscribed)}</p>`
    : `<p>${escape(w.unsubscribeQuestion)}</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
      `<button type="submit">${escape(w.unsubscribeButton)}</button></form>`;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escape(w.unsubscribe)}</title></head><body>${body}</body></html>`;
}
