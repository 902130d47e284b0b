import { expect, oneEvent } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import { rewardsApi } from '@teahouse/client/rewards';
import type { ShareChannel } from '@teahouse/protocol';
import { deep, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseComments } from '../comments/comments.component.js';
import { channelsToShow, emailUrl, inWechatBrowser, pageMetadata, sharePageUrl } from './channels.js';
import { catalogs, en } from './messages.js';
import { qrPath } from './qr.js';
import type { TeahouseShare, ShareDetail } from './share.js';
import './share.js';

const WECHAT_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI';

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Asks `read` again until `check` passes on its answer. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const bar = (el: TeahouseComments) => deep<TeahouseShare>(el, 'teahouse-share')!;
const buttons = (share: TeahouseShare) => Array.from(share.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part="channel"]'));
const button = (share: TeahouseShare, channel: ShareChannel) => share.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-channel="${channel}"]`)!;
/** What a screen reader hears for each button: its text but the icon, which is hidden. */
const names = (share: TeahouseShare) => buttons(share).map((b) => {
  const copy = b.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return copy.textContent!.replace(/\s+/g, ' ').trim();
});
const status = (share: TeahouseShare) => share.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
const shownLink = (share: TeahouseShare) => share.shadowRoot!.querySelector<HTMLInputElement>('.link-field input')?.value ?? '';
const hinted = (share: TeahouseShare) => share.shadowRoot!.querySelector('[part="hint"]') !== null;

async function reader(site?: string) {
  const config = await testConfig();
  const name = uniqueId('sharer');
  const token = await testToken({ sub: name, name, ...(site ? { site } : {}) });
  return { token, rewards: rewardsApi(createClient({ baseUrl: config.server, site: site ?? config.site, token })) };
}

/** A `<teahouse-comments>` whose share bar has loaded and shows the site's rules. */
async function mountShare(options: Parameters<typeof mountComments>[0]): Promise<{ el: TeahouseComments; share: TeahouseShare }> {
  const el = await mountComments(options);
  await until(() => !!bar(el)?.shadowRoot && buttons(bar(el)).length > 0, 'the share bar');
  const share = bar(el);
  await until(() => (share as unknown as { rules: unknown }).rules !== null, 'the points rules');
  await share.updateComplete;
  return { el, share };
}

/** Pretends to be WeChat's in-app browser while `run` runs. */
async function asWechat<T>(run: () => Promise<T>): Promise<T> {
  Object.defineProperty(navigator, 'userAgent', { value: WECHAT_UA, configurable: true });
  try {
    return await run();
  } finally {
    delete (navigator as { userAgent?: string }).userAgent;
  }
}

/** Reads a QR code drawn by the element: paints its path on a canvas and decodes it with jsQR. */
async function decodeQr(svg: SVGSVGElement): Promise<string | null> {
  const jsQR = await loadJsQr();
  const [, , side] = svg.getAttribute('viewBox')!.split(' ').map(Number);
  const scale = 6;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = side! * scale;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000';
  for (const [, x, y, run] of svg.querySelector('path')!.getAttribute('d')!.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    context.fillRect((Number(x) + 4) * scale, (Number(y) + 4) * scale, Number(run) * scale, scale);
  }
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(image.data, image.width, image.height)?.data ?? null;
}

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
let jsQr: Promise<JsQr> | undefined;
/** jsQR, an independent decoder, ships as a UMD script: loaded with a script tag. */
function loadJsQr(): Promise<JsQr> {
  jsQr ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL('../../node_modules/jsqr/dist/jsQR.js', import.meta.url).href;
    script.onload = () => resolve((window as unknown as { jsQR: JsQr }).jsQR);
    script.onerror = reject;
    document.head.append(script);
  });
  return jsQr;
}

describe('<teahouse-share>', () => {
  it('should be accessible, with a button for each channel the site rewards and what it earns', async () => {
    const { shareSite } = await testConfig();
    const { token } = await reader(shareSite);
    const { share } = await mountShare({ site: shareSite, token, lang: 'zh-CN' });
    await expect(share).to.be.accessible();
    const expected = ['微信朋友圈 +20 看点币', '微信群 +10 看点币', '微信好友 +5 看点币', '微博 +5 看点币', 'QQ +4 看点币', '复制链接 +3 看点币'];
    if (typeof navigator.share === 'function') expected.push('更多 +2 看点币');
    expect(names(share), 'QZone has no rule on this site').to.deep.equal(expected);
    for (const b of buttons(share)) expect(b.type).to.equal('button');
    expect(button(share, 'wechat_moments').getAttribute('aria-haspopup')).to.equal('dialog');
    expect(share.shadowRoot!.querySelector('.note')!.textContent).to.contain('好友通过你分享的链接打开文章');
  });

  it('should promise nothing for WeChat channels where the site has not opted in', async () => {
    const { shareSite } = await testConfig();
    const { token } = await reader();
    const { share } = await mountShare({ token, lang: 'zh-CN' });
    const shown = names(share);
    expect(shown.slice(0, 6)).to.deep.equal(['微信朋友圈', '微信群', '微信好友', '微博 +5 看点币', 'QQ +5 看点币', 'QQ空间 +5 看点币']);
    expect(shown[6]).to.equal('复制链接 +2 看点币');
    // The site that opted in shows the same hints inside WeChat; the one that did not shows none there.
    await asWechat(async () => {
      share.requestUpdate();
      await share.updateComplete;
      expect(inWechatBrowser()).to.equal(true);
      expect(hinted(share)).to.equal(false);
      const other = await mountShare({ site: shareSite, token: (await reader(shareSite)).token, lang: 'zh-CN' });
      expect(names(other.share)[0]).to.equal('微信朋友圈 +20 看点币');
    });
  });

  it('should show a QR code of the tracked link for a WeChat channel, with the steps, and close on Escape', async () => {
    const { shareSite } = await testConfig();
    const { token, rewards } = await reader(shareSite);
    const { el, share } = await mountShare({ site: shareSite, token, lang: 'zh-CN' });
    const event = oneEvent(share, 'teahouse-share');
    button(share, 'wechat_moments').click();
    const detail = ((await event) as CustomEvent<ShareDetail>).detail;
    expect(detail.channel).to.equal('wechat_moments');
    expect(detail.url).to.match(/[?&]th_ref=[0-9A-Za-z]{8}$/);
    await until(() => !!share.shadowRoot!.querySelector('dialog svg[part="qr"]'), 'the QR code');
    const dialog = share.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.querySelector('#share-dialog-title')!.textContent).to.equal('分享到微信朋友圈');
    expect(dialog.querySelectorAll('ol li').length).to.equal(3);
    expect(dialog.textContent).to.contain('分享到朋友圈」');
    const svg = dialog.querySelector<SVGSVGElement>('svg[part="qr"]')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.equal('文章链接的二维码');
    expect(await decodeQr(svg), 'the QR code decodes to the tracked link').to.equal(detail.url);
    // The server made that link for this reader, page and channel: asking again gives the same one.
    const again = await rewards.share({ page: el.page, channel: 'wechat_moments' });
    expect(again.url).to.equal(detail.url);

    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await share.updateComplete;
    expect(dialog.open).to.equal(false);
    expect(share.shadowRoot!.querySelector('dialog'), 'a closed dialog leaves the page').to.equal(null);
    expect(share.shadowRoot!.activeElement, 'focus goes back to the button').to.equal(button(share, 'wechat_moments'));
  });

  it('should encode the link it was given and nothing else into the QR code', async () => {
    const url = 'https://news.example.com/a/123?x=1&th_ref=Ab3dE9xQ';
    const path = await qrPath(url);
    expect(path.size).to.be.at.least(21);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', `-4 -4 ${path.size + 8} ${path.size + 8}`);
    const drawn = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    drawn.setAttribute('d', path.d);
    svg.append(drawn);
    expect(await decodeQr(svg)).to.equal(url);
  });

  it('should guide to the ••• menu and hand the tracked link to the host inside WeChat', async () => {
    const { shareSite } = await testConfig();
    const { token } = await reader(shareSite);
    await asWechat(async () => {
      const { share } = await mountShare({ site: shareSite, token, lang: 'zh-CN' });
      const og = document.createElement('meta');
      og.setAttribute('property', 'og:image');
      og.content = '/images/cover.png';
      document.head.append(og);
      try {
        const event = oneEvent(share, 'teahouse-share');
        button(share, 'wechat_group').click();
        const { detail, bubbles, composed } = (await event) as CustomEvent<ShareDetail>;
        expect([bubbles, composed]).to.deep.equal([true, true]);
        expect(detail.channel).to.equal('wechat_group');
        expect(detail.url).to.match(/th_ref=[0-9A-Za-z]{8}$/);
        expect(detail.title).to.equal(document.title);
        expect(detail.image).to.equal(new URL('/images/cover.png', location.href).href);
        await until(() => !!share.shadowRoot!.querySelector('dialog')?.open, 'the guidance');
        const dialog = share.shadowRoot!.querySelector('dialog')!;
        expect(dialog.textContent).to.contain('点击右上角「•••」，选择「发送给朋友」，再选一个群聊。');
        expect(dialog.querySelector('svg'), 'no QR code inside WeChat').to.equal(null);
        share.closeDialog();
      } finally {
        og.remove();
      }
    });
  });

  it('should copy the tracked link, show it, and count a link share the site rewards on the press', async () => {
    const { shareSite } = await testConfig();
    const { token, rewards } = await reader(shareSite);
    const { el, share } = await mountShare({ site: shareSite, token, lang: 'zh-CN' });
    await until(() => (share as unknown as { status: unknown }).status !== null, 'what the reader earned');
    const award = oneEvent(share, 'teahouse-award');
    button(share, 'link').click();
    expect(((await award) as CustomEvent).detail).to.deep.equal({ action: 'share', channel: 'link', points: 3, currency: '看点币' });
    await until(() => shownLink(share) !== '' && status(share) !== '' && status(share) !== '正在生成分享链接…', 'the link');
    const link = shownLink(share);
    expect(link).to.match(/[?&]th_ref=[0-9A-Za-z]{8}$/);
    // Browsers without focus or permission refuse the clipboard; then the link waits, selected, in its field.
    expect(['链接已复制，粘贴给好友即可。', '无法自动复制，请手动复制下面的链接。']).to.include(status(share));
    const code = new URL(link).searchParams.get('th_ref')!;
    expect((await rewards.share({ page: el.page, channel: 'link' })).code, 'the server recorded this link').to.equal(code);
    await until(() => names(share).includes('复制链接 +3 看点币 · 已得 3'), 'the earned hint');
    const row = (await rewards.shareStatus(el.page)).channels.find((c) => c.channel === 'link');
    expect(row?.earned).to.equal(3);
  });

  it('should open the Weibo, QQ and QZone share pages with the page metadata, encoded', async () => {
    const { token } = await reader();
    const { share } = await mountShare({ token, lang: 'zh-CN' });
    const metas = [['og:title', '老街 & 夜市'], ['og:description', '周六晚七点 开市 100%'], ['og:image', 'https://img.example.com/a b.png']].map(([property, content]) => {
      const meta = document.createElement('meta');
      meta.setAttribute('property', property!);
      meta.content = content!;
      document.head.append(meta);
      return meta;
    });
    const opened: { url: string | undefined; popup: { opener: unknown; location: { href: string }; close(): void } }[] = [];
    const open = window.open;
    window.open = ((url?: string) => {
      const popup = { opener: window as unknown, location: { href: 'about:blank' }, close() {} };
      opened.push({ url, popup });
      return popup;
    }) as typeof window.open;
    try {
      for (const channel of ['weibo', 'qq', 'qzone'] as const) {
        button(share, channel).click();
        await until(() => opened.length > 0 && opened.at(-1)!.popup.location.href !== 'about:blank', `the ${channel} page`);
      }
    } finally {
      window.open = open;
      for (const meta of metas) meta.remove();
    }
    expect(opened.map((o) => o.url), 'each window opens on the press, before any await').to.deep.equal(['about:blank', 'about:blank', 'about:blank']);
    expect(opened.every((o) => o.popup.opener === null), 'the share page cannot reach back').to.equal(true);
    const [weibo, qq, qzone] = opened.map((o) => new URL(o.popup.location.href));
    expect(weibo!.origin + weibo!.pathname).to.equal('https://service.weibo.com/share/share.php');
    expect(weibo!.searchParams.get('title')).to.equal('老街 & 夜市 周六晚七点 开市 100%');
    expect(weibo!.searchParams.get('pic')).to.equal('https://img.example.com/a%20b.png');
    expect(weibo!.searchParams.get('url')).to.match(/th_ref=[0-9A-Za-z]{8}$/);
    expect(weibo!.search, 'spaces as %20, never +').to.not.contain('+');
    expect(qq!.origin + qq!.pathname).to.equal('https://connect.qq.com/widget/shareqq/index.html');
    expect([qq!.searchParams.get('title'), qq!.searchParams.get('summary'), qq!.searchParams.get('pics')]).to.deep.equal(['老街 & 夜市', '周六晚七点 开市 100%', 'https://img.example.com/a%20b.png']);
    expect(qzone!.origin + qzone!.pathname).to.equal('https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey');
    expect(qzone!.searchParams.get('desc')).to.equal('周六晚七点 开市 100%');
    expect(new Set([weibo, qq, qzone].map((u) => new URL(u!.searchParams.get('url')!).searchParams.get('th_ref'))).size, 'a link per channel').to.equal(3);
  });

  it('should offer an English site X, Facebook, LinkedIn, email and a copied link, in points', async () => {
    const { enSite } = await testConfig();
    const { token } = await reader(enSite);
    const { share } = await mountShare({ site: enSite, token, lang: 'en' });
    await expect(share).to.be.accessible();
    const expected = ['X +5 points', 'Facebook +5 points', 'LinkedIn +5 points', 'Email +2 points', 'Copy link +2 points'];
    if (typeof navigator.share === 'function') expected.push('More +2 points');
    expect(names(share), 'no WeChat, Weibo or QQ on an English site').to.deep.equal(expected);
    const opened: { popup: { opener: unknown; location: { href: string }; close(): void } }[] = [];
    const open = window.open;
    window.open = (() => {
      const popup = { opener: window as unknown, location: { href: 'about:blank' }, close() {} };
      opened.push({ popup });
      return popup;
    }) as typeof window.open;
    try {
      for (const channel of ['x', 'facebook', 'linkedin'] as const) {
        button(share, channel).click();
        await until(() => opened.length > 0 && opened.at(-1)!.popup.location.href !== 'about:blank', `the ${channel} page`);
      }
    } finally {
      window.open = open;
    }
    const [x, facebook, linkedin] = opened.map((o) => new URL(o.popup.location.href));
    expect(x!.origin + x!.pathname).to.equal('https://x.com/intent/post');
    expect(x!.searchParams.get('url')).to.match(/th_ref=[0-9A-Za-z]{8}$/);
    expect(facebook!.origin + facebook!.pathname).to.equal('https://www.facebook.com/sharer/sharer.php');
    expect(facebook!.searchParams.get('u')).to.match(/th_ref=[0-9A-Za-z]{8}$/);
    expect(linkedin!.origin + linkedin!.pathname).to.equal('https://www.linkedin.com/sharing/share-offsite/');
    expect(linkedin!.searchParams.get('url')).to.match(/th_ref=[0-9A-Za-z]{8}$/);
    // The host may take the email share over; its detail carries the tracked link.
    const shared = new Promise<ShareDetail>((resolve) => share.addEventListener('teahouse-share', (event) => {
      event.preventDefault();
      resolve(event.detail);
    }, { once: true }));
    button(share, 'email').click();
    const detail = await shared;
    expect(detail.channel).to.equal('email');
    const draft = new URL(emailUrl({ ...detail, summary: 'Read this' }));
    expect(draft.protocol).to.equal('mailto:');
    expect(draft.searchParams.get('subject')).to.equal(detail.title);
    expect(draft.searchParams.get('body')).to.equal(`Read this\n\n${detail.url}`);
  });

  it('should let anonymous readers share the plain page link and ask them to log in to earn', async () => {
    const { share } = await mountShare({ lang: 'zh-CN' });
    const login = share.shadowRoot!.querySelector<HTMLButtonElement>('.note button')!;
    expect(share.shadowRoot!.querySelector('.note')!.textContent!.replace(/\s+/g, '')).to.equal('登录后分享，好友打开链接你可获得看点币。');
    const asked = oneEvent(share, 'teahouse-login-request');
    login.click();
    expect(((await asked) as CustomEvent).detail).to.deep.equal({ loginUrl: null, action: 'login' });
    button(share, 'link').click();
    await until(() => shownLink(share) !== '', 'the link');
    expect(shownLink(share)).to.not.contain('th_ref');
  });

  it('should work standalone with server, site, page and a token', async () => {
    const config = await testConfig();
    const { token, rewards } = await reader(config.shareSite);
    const page = uniqueId();
    const share = document.createElement('teahouse-share');
    Object.assign(share, { server: config.server, site: config.shareSite, page, pageUrl: 'https://news.example.com/a/standalone', token });
    share.setAttribute('lang', 'en');
    share.setAttribute('channels', 'link weibo qzone system');
    document.body.append(share);
    try {
      await until(() => hinted(share), 'the bar');
      const expected = ['Copy link +3 看点币', 'Weibo +5 看点币', 'QZone'];
      if (typeof navigator.share === 'function') expected.push('More +2 看点币');
      expect(names(share), 'the host\'s list, in its order; the share sheet where the browser has one').to.deep.equal(expected);
      await expect(share).to.be.accessible();
      button(share, 'link').click();
      await until(() => shownLink(share) !== '', 'the link');
      expect(shownLink(share)).to.match(/^https:\/\/news\.example\.com\/a\/standalone\?th_ref=[0-9A-Za-z]{8}$/);
      expect((await rewards.shareStatus(page)).channels.find((c) => c.channel === 'link')?.earned).to.equal(3);
    } finally {
      share.remove();
    }
  });

  it('should record a visit through a tracked link once and take the code out of the address bar', async () => {
    const { shareSite } = await testConfig();
    const sharer = await reader(shareSite);
    const page = uniqueId();
    const link = await sharer.rewards.share({ page, channel: 'weibo', url: 'https://news.example.com/a/visited' });
    const before = location.href;
    history.replaceState(history.state, '', `${location.pathname}?keep=1&th_ref=${link.code}#top`);
    try {
      await mountComments({ site: shareSite, page, lang: 'zh-CN' });
      expect(location.search, 'the code leaves the address bar at once').to.equal('?keep=1');
      expect(location.hash).to.equal('#top');
      const weibo = async () => (await sharer.rewards.shareStatus(page)).channels.find((c) => c.channel === 'weibo')?.earned;
      await eventually(weibo, (earned) => earned === 5, 'the sharer\'s award');
      // A second widget on the page finds no code and records nothing more.
      await mountComments({ site: shareSite, page, lang: 'zh-CN' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await weibo()).to.equal(5);
    } finally {
      history.replaceState(history.state, '', before);
    }
  });
});

describe('sharing helpers', () => {
  it('should give every locale every key English has', () => {
    const keys = (value: object) => Object.keys(value).sort();
    for (const [locale, messages] of Object.entries(catalogs)) {
      expect(keys(messages), locale).to.deep.equal(keys(en));
      expect(keys(messages.channels), locale).to.deep.equal(keys(en.channels));
      for (const [key, value] of Object.entries(messages)) {
        expect(typeof value, `${locale}.${key}`).to.equal(typeof en[key as keyof typeof en]);
        if (typeof value === 'string') expect(value, `${locale}.${key}`).to.not.equal('');
      }
      expect(messages.qrSteps('wechat_friend').length, locale).to.equal(3);
    }
  });

  it('should pick channels from the rules, the host\'s list and the browser', () => {
    const rule = (channel?: ShareChannel) => ({ id: 'x', action: 'share' as const, points: 1, cycle: 'day' as const, limit: 1, verify: 'visit' as const, active: true, ...(channel ? { channel } : {}) });
    const rules = (...list: ReturnType<typeof rule>[]) => ({ currency: { name: 'c' }, rules: list, dailyCap: 0, wechatRewards: false, holdSeconds: 0, leaderboard: true });
    expect(channelsToShow(rules(rule('weibo'), rule('link')), undefined, true)).to.deep.equal(['weibo', 'link']);
    expect(channelsToShow(rules(rule('weibo'), rule()), undefined, false)).to.have.length(11);
    expect(channelsToShow(rules(), undefined, true)).to.have.length(12);
    expect(channelsToShow(null, 'system link bogus link', false)).to.deep.equal(['link']);
  });

  it('should read the page metadata and build share page URLs', () => {
    const doc = document.implementation.createHTMLDocument('Fallback title');
    expect(pageMetadata(doc, 'Given')).to.deep.equal({ title: 'Given', summary: '', image: '' });
    doc.head.append(Object.assign(doc.createElement('meta'), { name: 'description', content: 'Described' }));
    const image = doc.createElement('meta');
    image.setAttribute('property', 'og:image');
    image.content = 'javascript:alert(1)';
    doc.head.append(image);
    expect(pageMetadata(doc)).to.deep.equal({ title: 'Fallback title', summary: 'Described', image: '' });
    const url = sharePageUrl('qq', { url: 'https://a.example/?q=1&th_ref=AAAAAAAA', title: 'a+b c', summary: '', image: '' });
    expect(url).to.equal('https://connect.qq.com/widget/shareqq/index.html?url=https%3A%2F%2Fa.example%2F%3Fq%3D1%26th_ref%3DAAAAAAAA&title=a%2Bb%20c');
  });
});
