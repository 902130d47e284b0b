import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import { rewardsApi } from '@teahouse/client/rewards';
import type { LoginRequestDetail } from '../base/teahouse-element.js';
import { deep, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TestConfig } from '../../../../test/support/browser.js';
import type { TeahousePoints } from './points.js';
import './points.js';

/** The points sites of the test server (test/support/teahouse-server-plugin.mjs). */
interface PointsConfig extends TestConfig {
  pointsSites: { points: string; hold: string; off: string };
  /** An admin API key of the `points` site. */
  pointsAdminKey: string;
}
const config = () => testConfig() as Promise<PointsConfig>;

interface Reader {
  sub: string;
  name: string;
  token: string;
  site: string;
}

async function reader(site: string, name = uniqueId('读者')): Promise<Reader> {
  const sub = uniqueId('user');
  return { sub, name, site, token: await testToken({ sub, name, site }) };
}

async function apiOf(who: Reader) {
  const client = createClient({ baseUrl: (await config()).server, site: who.site, token: who.token });
  return { client, rewards: rewardsApi(client) };
}

/** The server's admin API, through the test runner's same-origin proxy (the admin API sends no CORS headers). */
async function admin(path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`/__teahouse/slow/0${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${(await config()).pointsAdminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).to.be.oneOf([200, 201]);
  return response.json() as Promise<{ id: string }>;
}

/** Opens a tracked link as `count` distinct anonymous visitors. */
async function visit(site: string, code: string, count: number): Promise<void> {
  const client = createClient({ baseUrl: (await config()).server, site });
  const rewards = rewardsApi(client);
  for (let i = 0; i < count; i++) expect((await rewards.visit({ code, visitor: uniqueId('visitor') })).recorded).to.equal(true);
}

/** The first requests of a run (and a loaded machine) can take a while; waitUntil's own default is 1 s. */
const WAIT = { timeout: 10_000 };

const containers: Element[] = [];
afterEach(() => {
  for (const container of containers.splice(0)) container.remove();
});

interface MountOptions {
  site: string;
  token?: string;
  lang?: string;
  attributes?: Record<string, string>;
}

/** A standalone `<teahouse-points>`, resolved once it shows its data. */
async function mountPoints({ site, token, lang = 'zh-CN', attributes = {} }: MountOptions): Promise<TeahousePoints> {
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  const el = document.createElement('teahouse-points');
  el.server = (await config()).server;
  el.site = site;
  if (token) el.token = token;
  el.setAttribute('lang', lang);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  container.append(el);
  await waitUntil(() => loaded(el), 'the points did not load', WAIT);
  return el;
}

const root = (el: Element) => el.shadowRoot!;
const loaded = (el: Element) => !!root(el).querySelector('[role="tablist"]');
const texts = (el: Element, selector: string) => [...root(el).querySelectorAll(selector)].map((node) => node.textContent!.replace(/\s+/g, ' ').trim());
const tabNames = (el: Element, list = 0) => [...root(el).querySelectorAll('[role="tablist"]')[list]!.querySelectorAll('[role="tab"]')].map((t) => t.textContent!.trim());
const selectedTab = (el: Element, list = 0) => root(el).querySelectorAll('[role="tablist"]')[list]!.querySelector('[aria-selected="true"]')!.textContent!.trim();
const amount = (el: Element) => root(el).querySelector('.balance .amount')?.textContent?.trim();

async function openTab(el: TeahousePoints, name: string, list = 0): Promise<void> {
  const tab = [...root(el).querySelectorAll('[role="tablist"]')[list]!.querySelectorAll<HTMLElement>('[role="tab"]')].find((t) => t.textContent!.trim() === name);
  expect(tab, `tab ${name}`).to.not.equal(undefined);
  tab!.click();
  await el.updateComplete;
}

/** Sets the element's `lang`; its localization hears of it from a mutation observer, then renders. */
async function relang(el: TeahousePoints, lang: string): Promise<void> {
  el.setAttribute('lang', lang);
  await new Promise((resolve) => setTimeout(resolve));
  await el.updateComplete;
}

/** "2026-11-24 09:46" in the reader's time zone, as the Chinese locales write times. */
function chineseTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

describe('<teahouse-points>', function (this: unknown) {
  // Each test earns its points through the real API first, and axe takes a while in WebKit.
  (this as { timeout(ms: number): void }).timeout(30_000);

  // Leaderboards are cacheable for 30 s: only the leaderboard test reads the one of the `points` site.
  it('should be accessible', async () => {
    const { pointsSites } = await config();
    const me = await reader(pointsSites.hold);
    await (await apiOf(me)).rewards.share({ page: uniqueId(), channel: 'link', url: 'https://news.example.com/a/a11y' });
    const el = await mountPoints({ site: pointsSites.hold, token: me.token });
    expect(root(el).querySelector('.pending')).to.not.equal(null);
    await expect(el).to.be.accessible();
    await openTab(el, '积分规则');
    await expect(el).to.be.accessible();
    await openTab(el, '排行榜');
    await waitUntil(() => root(el).querySelector('.board, .panel .panel .muted'), 'the leaderboard', WAIT);
    await expect(el).to.be.accessible();
  });

  it('should show the balance in the site currency and every kind of entry with its reason', async () => {
    const { pointsSites } = await config();
    const site = pointsSites.points;
    const me = await reader(site);
    const { client, rewards } = await apiOf(me);
    await rewards.checkin();
    await rewards.share({ page: uniqueId(), channel: 'link', url: 'https://news.example.com/a/1' });
    const weibo = await rewards.share({ page: uniqueId(), channel: 'weibo', url: 'https://news.example.com/a/2' });
    await visit(site, weibo.code, 2);
    const page = uniqueId();
    const floor = await client.post({ page, body: '我来说两句' });
    const fan = await reader(site);
    await (await apiOf(fan)).client.react({ page, target: floor.number, key: 'up', on: true });
    const link = (await rewards.pointsHistory()).entries.find((entry) => entry.channel === 'link')!;
    await admin(`/v1/admin/sites/${site}/points/entries/${link.id}/reverse`, { reason: '重复分享' });
    await admin(`/v1/admin/sites/${site}/points/debit`, { user: me.sub, amount: 2, reason: '兑换 雨伞', idempotencyKey: uniqueId('order') });

    const el = await mountPoints({ site, token: me.token });
    // 5 + 3 + 4 + 4 + 2 + 1 − 3 − 2
    expect(amount(el)).to.equal('14');
    expect(texts(el, '.balance .unit')).to.deep.equal(['看点币']);
    expect(root(el).querySelector('.pending')).to.equal(null);
    expect(selectedTab(el)).to.equal('明细');
    expect(texts(el, '.entry .reason')).to.deep.equal([
      '兑换扣除：兑换 雨伞',
      '奖励撤销：重复分享',
      '回复获得评价',
      '发表回复',
      '分享到微博的链接被好友打开',
      '分享到微博的链接被好友打开',
      '复制链接分享',
      '每日签到',
    ]);
    expect(texts(el, '.entry .delta')).to.deep.equal(['−2', '−3', '+1', '+2', '+4', '+4', '+3', '+5']);

    await relang(el, 'en');
    expect(texts(el, '.entry .reason')).to.deep.equal([
      'Spent: 兑换 雨伞',
      'Award reversed: 重复分享',
      'Your reply gets a reaction',
      'Post a reply',
      'Someone opened the link you shared via Weibo',
      'Someone opened the link you shared via Weibo',
      'Share a copied link',
      'Daily check-in',
    ]);
    expect(tabNames(el)).to.deep.equal(['History', 'Points rules', 'Leaderboard']);
    await relang(el, 'zh-TW');
    expect(texts(el, '.entry .reason')[4]).to.equal('分享到微博的連結被好友開啟');
  });

  it('should page the history with load more, newest first', async () => {
    const { pointsSites } = await config();
    const me = await reader(pointsSites.points);
    const { rewards } = await apiOf(me);
    await rewards.checkin();
    for (let i = 0; i < 6; i++) await rewards.share({ page: uniqueId(), channel: 'link', url: `https://news.example.com/a/${i}` });
    const el = await mountPoints({ site: pointsSites.points, token: me.token, attributes: { 'page-size': '3' } });
    expect(amount(el)).to.equal('23');
    expect(texts(el, '.entry .reason')).to.have.length(3);
    const more = () => root(el).querySelector<HTMLButtonElement>('button.more');
    more()!.click();
    await waitUntil(() => texts(el, '.entry').length === 6, 'a second page', WAIT);
    more()!.click();
    await waitUntil(() => texts(el, '.entry').length === 7, 'the last page', WAIT);
    expect(more()).to.equal(null);
    const reasons = texts(el, '.entry .reason');
    expect(reasons.slice(0, 6)).to.deep.equal(Array(6).fill('复制链接分享'));
    expect(reasons[6]).to.equal('每日签到');
  });

  it('should show what is pending on a site with a hold, and from when it can be spent', async () => {
    const { pointsSites } = await config();
    const me = await reader(pointsSites.hold);
    const { rewards } = await apiOf(me);
    await rewards.share({ page: uniqueId(), channel: 'link', url: 'https://news.example.com/a/h1' });
    await rewards.share({ page: uniqueId(), channel: 'wechat_group', url: 'https://news.example.com/a/h2' });
    const [newest, oldest] = (await rewards.pointsHistory()).entries;
    expect(oldest!.status).to.equal('pending');
    const el = await mountPoints({ site: pointsSites.hold, token: me.token });
    expect(amount(el)).to.equal('0');
    expect(texts(el, '.pending')).to.deep.equal([`另有 17 看点币待到账，最早 ${chineseTime(oldest!.availableAt)} 起可用`]);
    expect(texts(el, '.entry .state')).to.deep.equal([
      `待到账，${chineseTime(newest!.availableAt)} 起可用`,
      `待到账，${chineseTime(oldest!.availableAt)} 起可用`,
    ]);
    expect(texts(el, '.entry .reason')).to.deep.equal(['分享到微信群', '复制链接分享']);
    // Two hours from the award.
    expect(Date.parse(oldest!.availableAt) - Date.parse(oldest!.createdAt)).to.equal(7200_000);
  });

  it('should build the points rules page from the site rules', async () => {
    const { pointsSites } = await config();
    const el = await mountPoints({ site: pointsSites.points, attributes: { tab: 'rules' } });
    expect(selectedTab(el)).to.equal('积分规则');
    const rows = [...root(el).querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.replace(/\s+/g, ' ').trim()));
    expect(rows).to.deep.equal([
      ['复制链接分享', '3 看点币', '不限次数', '点击分享即计分'],
      ['分享到微博', '4 看点币', '每天 100 次', '好友打开链接后计分'],
      ['分享到微信朋友圈（本站未开启）', '20 看点币', '每天 3 次', '好友打开链接后计分'],
      ['发表回复', '2 看点币', '每 6 小时 10 次', '自动计分'],
      ['回复获得评价', '1 看点币', '仅一次', '自动计分'],
      ['每日签到', '5 看点币', '每天 1 次', '自动计分'],
    ]);
    expect(root(el).querySelectorAll('tr.inactive')).to.have.length(1);
    expect(texts(el, '.notes li')).to.deep.equal(['每天最多获得 500 看点币。', '分享到微信在本站不计分：微信渠道仅在站点开启后计分。']);

    await relang(el, 'en');
    expect(texts(el, 'tbody tr:nth-child(4) td')).to.deep.equal(['Post a reply', '2 看点币', '10 times every 6 hours', 'automatically']);

    const hold = await mountPoints({ site: pointsSites.hold, attributes: { tab: 'rules' } });
    expect(texts(hold, 'tbody tr:nth-child(2) td')).to.deep.equal(['分享到微信群', '10 看点币', '每天 3 次', '点击分享即计分']);
    expect(texts(hold, '.notes li')).to.deep.equal([
      '每日获得不设上限。',
      '新获得的奖励 2 小时后才可使用。',
      '本站已开启微信分享奖励（微信渠道仅在站点开启后计分）。',
    ]);
  });

  it('should switch the leaderboard periods with tabs, by mouse and by keyboard', async () => {
    const { pointsSites } = await config();
    const me = await reader(pointsSites.points, uniqueId('榜首'));
    const { rewards } = await apiOf(me);
    for (let i = 0; i < 20; i++) await rewards.share({ page: uniqueId(), channel: 'link', url: `https://news.example.com/b/${i}` });
    const el = await mountPoints({ site: pointsSites.points, token: me.token, attributes: { tab: 'leaderboard' } });
    expect(selectedTab(el)).to.equal('排行榜');
    expect(tabNames(el, 1)).to.deep.equal(['今日', '本周', '总榜']);
    expect(selectedTab(el, 1)).to.equal('总榜');
    const board = () => texts(el, '.board .row .name');
    const mine = () => [...root(el).querySelectorAll('.board .row')].find((row) => row.querySelector('.name')!.textContent === me.name);
    await waitUntil(() => mine(), 'the reader on the all-time board', WAIT);
    expect(mine()!.querySelector('.points')!.textContent).to.equal('60 看点币');

    const periodTabs = () => [...root(el).querySelectorAll('[role="tablist"]')[1]!.querySelectorAll<HTMLElement>('[role="tab"]')];
    periodTabs()[0]!.click();
    await el.updateComplete;
    expect(selectedTab(el, 1)).to.equal('今日');
    await waitUntil(() => mine(), 'the reader on today’s board', WAIT);
    const points = texts(el, '.board .row .points').map((text) => Number.parseInt(text, 10));
    expect(points).to.deep.equal([...points].sort((a, b) => b - a));

    // Keyboard: arrows move and select, with only the selected tab in the Tab order.
    periodTabs()[0]!.focus();
    periodTabs()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await el.updateComplete;
    expect(selectedTab(el, 1)).to.equal('本周');
    expect(root(el).activeElement).to.equal(periodTabs()[1]);
    expect(periodTabs().map((tab) => tab.tabIndex)).to.deep.equal([-1, 0, -1]);
    await waitUntil(() => mine(), 'the reader on this week’s board', WAIT);
    periodTabs()[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    await el.updateComplete;
    expect(selectedTab(el, 1)).to.equal('总榜');
    periodTabs()[2]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await el.updateComplete;
    expect(selectedTab(el, 1)).to.equal('今日');
    expect(board().length).to.be.greaterThan(0);

    const panel = root(el).querySelector('[role="tabpanel"] [role="tabpanel"]')!;
    expect(panel.getAttribute('aria-labelledby')).to.equal(periodTabs()[0]!.id);
    expect(periodTabs()[0]!.getAttribute('aria-controls')).to.equal(panel.id);
  });

  it('should move between its sections by keyboard', async () => {
    const { pointsSites } = await config();
    const me = await reader(pointsSites.points);
    const el = await mountPoints({ site: pointsSites.points, token: me.token });
    expect(tabNames(el)).to.deep.equal(['明细', '积分规则', '排行榜']);
    expect(texts(el, '.panel')).to.deep.equal(['还没有记录：分享文章、回帖或签到都能赚取。']);
    const tabs = () => [...root(el).querySelectorAll<HTMLElement>('[role="tablist"]')[0]!.querySelectorAll<HTMLElement>('[role="tab"]')];
    tabs()[0]!.focus();
    tabs()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await el.updateComplete;
    expect(selectedTab(el)).to.equal('排行榜');
    expect(root(el).activeElement).to.equal(tabs()[2]);
    tabs()[2]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    await el.updateComplete;
    expect(selectedTab(el)).to.equal('明细');
    tabs()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await el.updateComplete;
    expect(selectedTab(el)).to.equal('积分规则');
    expect(root(el).querySelector('table')).to.not.equal(null);
  });

  it('should hide the leaderboard where the site turns it off', async () => {
    const { pointsSites, server } = await config();
    const response = await fetch(`${server}/v1/sites/${pointsSites.off}/points/leaderboard`);
    expect(response.status).to.equal(404);
    const me = await reader(pointsSites.off);
    const el = await mountPoints({ site: pointsSites.off, token: me.token, attributes: { tab: 'leaderboard' } });
    expect(tabNames(el)).to.deep.equal(['明细', '积分规则']);
    expect(selectedTab(el)).to.equal('明细');
    expect(root(el).querySelector('.board')).to.equal(null);
  });

  it('should show an anonymous reader the rules, the leaderboard and a login prompt', async () => {
    const { pointsSites } = await config();
    const el = await mountPoints({ site: pointsSites.hold });
    expect(root(el).querySelector('.balance')).to.equal(null);
    expect(tabNames(el)).to.deep.equal(['积分规则', '排行榜']);
    expect(selectedTab(el)).to.equal('积分规则');
    expect(texts(el, '.prompt')).to.deep.equal(['登录 后查看你的看点币和明细。']);
    const button = root(el).querySelector<HTMLButtonElement>('.prompt button')!;
    setTimeout(() => button.click());
    const event = await oneEvent(el, 'teahouse-login-request');
    expect(event.detail as LoginRequestDetail).to.deep.equal({ loginUrl: null, action: 'login' });
    expect(event.composed && event.bubbles && event.cancelable).to.equal(true);

    await openTab(el, '排行榜');
    await waitUntil(() => root(el).querySelector('.board'), 'the leaderboard', WAIT);

    const linked = await mountPoints({ site: pointsSites.points, attributes: { 'login-url': 'https://login.example.com/points' } });
    const link = root(linked).querySelector<HTMLAnchorElement>('.prompt a')!;
    expect(link.href).to.equal('https://login.example.com/points');
    linked.addEventListener('teahouse-login-request', (e) => e.preventDefault(), { once: true });
    setTimeout(() => link.click());
    const asked = await oneEvent(linked, 'teahouse-login-request');
    expect(asked.detail.loginUrl).to.equal('https://login.example.com/points');
  });

  it('should show the balance once the reader logs in, and take it away on logout', async () => {
    const { pointsSites } = await config();
    const me = await reader(pointsSites.points);
    await (await apiOf(me)).rewards.checkin();
    const el = await mountPoints({ site: pointsSites.points });
    expect(root(el).querySelector('.prompt')).to.not.equal(null);
    el.token = me.token;
    await waitUntil(() => amount(el) === '5', 'the balance after login', WAIT);
    expect(selectedTab(el)).to.equal('明细');
    el.token = null;
    await waitUntil(() => root(el).querySelector('.prompt'), 'the prompt after logout', WAIT);
    expect(root(el).querySelector('.balance')).to.equal(null);
  });

  it('should get its token from getToken, and treat a refused token as no login', async () => {
    const { pointsSites, server } = await config();
    const me = await reader(pointsSites.points);
    await (await apiOf(me)).rewards.checkin();
    const container = document.createElement('div');
    document.body.append(container);
    containers.push(container);
    const el = document.createElement('teahouse-points');
    el.getToken = () => Promise.resolve(me.token);
    el.server = server;
    el.site = pointsSites.points;
    container.append(el);
    await waitUntil(() => amount(el) === '5', 'the balance with getToken', WAIT);

    const other = await mountPoints({ site: pointsSites.points, token: await testToken({ site: pointsSites.hold }) });
    expect(root(other).querySelector('.prompt')).to.not.equal(null);
  });

  it('should refresh the balance when an award reaches the page', async () => {
    const { pointsSites } = await config();
    const me = await reader(pointsSites.points);
    const { rewards } = await apiOf(me);
    const el = await mountPoints({ site: pointsSites.points, token: me.token });
    expect(amount(el)).to.equal('0');
    await rewards.checkin();
    document.dispatchEvent(new CustomEvent('teahouse-award', { bubbles: true, composed: true, detail: {} }));
    await waitUntil(() => amount(el) === '5', 'the balance after teahouse-award', WAIT);
    expect(texts(el, '.entry .reason')).to.deep.equal(['每日签到']);
  });

  it('should follow awards live inside <teahouse-comments>: share awards on the stream and its own replies', async () => {
    const { pointsSites } = await config();
    const me = await reader(pointsSites.points, '分享达人');
    const page = uniqueId();
    const comments = await mountComments({ site: pointsSites.points, token: me.token, page, lang: 'zh-CN' });
    // Where <teahouse-comments> puts it: in its shadow tree, below the client and session it provides.
    const el = document.createElement('teahouse-points');
    comments.shadowRoot!.querySelector('[part="base"]')!.append(el);
    await waitUntil(() => loaded(el) && amount(el) === '0', 'the points inside the comments', WAIT);

    // Someone opens the reader's Weibo link: the award is announced in this thread.
    const { rewards } = await apiOf(me);
    const share = await rewards.share({ page, channel: 'weibo', url: 'https://news.example.com/live' });
    await visit(pointsSites.points, share.code, 1);
    await waitUntil(() => amount(el) === '4', 'the balance after a share award on the stream', WAIT);
    expect(texts(el, '.entry .reason')).to.deep.equal(['分享到微博的链接被好友打开']);

    // The reader replies through the composer: the reply rule awards 2.
    const composer = deep<HTMLElement & { value: string; submit(): Promise<void> }>(comments, 'teahouse-composer')!;
    composer.value = '沙发！';
    await composer.submit();
    await waitUntil(() => amount(el) === '6', 'the balance after a reply', WAIT);
    expect(texts(el, '.entry .reason')[0]).to.equal('发表回复');
  });

  it('should share one request for the points rules with the share bar of the comments on the page', async () => {
    const { pointsSites } = await config();
    const rules = () => performance.getEntriesByType('resource').filter((e) => e.name.includes(`/sites/${pointsSites.points}/points/rules`)).length;
    const before = rules();
    const comments = await mountComments({ site: pointsSites.points, lang: 'zh-CN' });
    await waitUntil(() => deep(comments, 'teahouse-share')?.shadowRoot?.querySelector('[part="hint"]'), 'the share bar hints', WAIT);
    await mountPoints({ site: pointsSites.points });
    expect(rules() - before).to.be.at.most(1);
  });
});
