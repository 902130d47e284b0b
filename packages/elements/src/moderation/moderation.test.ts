import { expect, waitUntil } from '@open-wc/testing';
import { createClient, type TeahouseClient } from '@teahouse/client';
import { moderationApi, reportFloor } from '@teahouse/client/moderation';
import type { Floor } from '@teahouse/protocol';
import { testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseModeration } from './moderation.js';
import './moderation.js';

/** Each step waits on the server; a busy machine answers slowly. */
const WAIT = { timeout: 10_000 };

interface Reader {
  sub: string;
  name: string;
  token: string;
  client: TeahouseClient;
}

/** A signed-in reader of `site` with a client of their own. */
async function reader(site: string, name = uniqueId('读者'), sub = uniqueId('user')): Promise<Reader> {
  const { server } = await testConfig();
  const token = await testToken({ site, sub, name });
  return { sub, name, token, client: createClient({ baseUrl: server, site, token }) };
}

/** The test server's moderator (role from the site's `roles`). */
const moderator = (site: string) => reader(site, 'Mod', 'wtr-mod');

async function anonymous(site: string): Promise<TeahouseClient> {
  return createClient({ baseUrl: (await testConfig()).server, site });
}

/** The floors an anonymous reader gets for `page`, by number. */
async function publicFloors(site: string, page: string): Promise<Map<number, Floor>> {
  const data = await (await anonymous(site)).bootstrap({ page });
  return new Map(data.page.floors.map((floor) => [floor.number, floor]));
}

const containers: Element[] = [];
afterEach(() => {
  for (const container of containers.splice(0)) container.remove();
});

interface MountOptions {
  site: string;
  token?: string | null;
  page?: string;
  tab?: string;
  lang?: string;
}

/** A standalone `<teahouse-moderation>`, resolved once it shows a section or why it cannot. */
async function mount({ site, token, page, tab, lang = 'zh-CN' }: MountOptions): Promise<TeahouseModeration> {
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  const el = document.createElement('teahouse-moderation');
  el.server = (await testConfig()).server;
  el.site = site;
  if (token) el.token = token;
  if (page) el.page = page;
  if (tab) el.setAttribute('tab', tab);
  el.setAttribute('lang', lang);
  container.append(el);
  await waitUntil(() => settled(el), 'the moderation element did not load', WAIT);
  return el;
}

const root = (el: TeahouseModeration) => el.shadowRoot!;
const panel = (el: TeahouseModeration) => root(el).querySelector<HTMLElement>('[role="tabpanel"]');
/** Shows what it shows, or why it cannot: nothing is loading. */
const settled = (el: TeahouseModeration) =>
  !!root(el).querySelector('.denied, [role="alert"]') || (!!panel(el) && !panel(el)!.querySelector('[aria-busy="true"]'));
const item = (el: TeahouseModeration, floor: Floor) => root(el).querySelector<HTMLElement>(`[data-floor-id="${floor.id}"]`);
const button = (scope: ParentNode, text: string) =>
  Array.from(scope.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent!.trim() === text);
const announced = (el: TeahouseModeration) => root(el).querySelector('.announce')?.textContent?.trim() ?? '';

async function press(el: TeahouseModeration, scope: ParentNode | null, text: string): Promise<void> {
  const target = scope && button(scope, text);
  expect(target, `button ${text}`).to.be.instanceOf(HTMLButtonElement);
  target!.click();
  await el.updateComplete;
}

/** Fills the open form's reason and submits it with its button named `text`. */
async function confirmWith(el: TeahouseModeration, scope: HTMLElement, reason: string, text: string): Promise<void> {
  const input = scope.querySelector<HTMLInputElement>('form input[name="reason"]')!;
  expect(input, 'reason field').to.not.equal(null);
  input.value = reason;
  await press(el, scope.querySelector('form'), text);
}

async function showTab(el: TeahouseModeration, name: string): Promise<void> {
  await press(el, root(el).querySelector('[role="tablist"]'), name);
  await waitUntil(() => settled(el), `the ${name} tab did not load`, WAIT);
}

describe('<teahouse-moderation>', function (this: { timeout(ms: number): void }) {
  // A test walks through many actions, each a request to the server.
  this.timeout(60_000);

  it('should be accessible with a floor in the queue', async () => {
    const { premodSite } = await testConfig();
    const page = uniqueId();
    await (await reader(premodSite)).client.post({ page, body: '等待审核的回复' });
    const el = await mount({ site: premodSite, token: (await moderator(premodSite)).token, page });
    await waitUntil(() => root(el).querySelector('.item'), 'the pending floor did not show', WAIT);
    await expect(el).to.be.accessible();
  });

  it('should show a pending floor and publish it when approved', async () => {
    const { premodSite } = await testConfig();
    const page = uniqueId();
    const author = await reader(premodSite, '待审读者');
    const floor = await author.client.post({ page, body: '这是一条**待审核**的回复' });
    expect(floor.status).to.equal('pending');
    expect((await publicFloors(premodSite, page)).has(floor.number)).to.equal(false);

    const el = await mount({ site: premodSite, token: (await moderator(premodSite)).token, page });
    expect(root(el).querySelector('.policy')?.textContent).to.contain('先审后发：所有新回复');
    const row = item(el, floor)!;
    expect(row, 'the pending floor is in the queue').to.not.equal(null);
    expect(row.querySelector('.author')?.textContent).to.equal('待审读者');
    expect(row.querySelector('.body strong')?.textContent).to.equal('待审核');
    expect(row.querySelector('.status')?.textContent).to.equal('待审核');
    expect(row.querySelector('.cause')?.textContent).to.equal('所有回复先审后发');
    expect(button(row, '通过')?.getAttribute('aria-label')).to.equal('通过 沙发');

    await press(el, row, '通过');
    await waitUntil(() => announced(el) === '已通过 沙发。', 'approving was not announced', WAIT);
    expect(item(el, floor)!.querySelector('.status')?.textContent).to.equal('已发布');
    expect((await publicFloors(premodSite, page)).get(floor.number)?.status).to.equal('published');
  });

  it('should list a reported floor with its report count, reasons and notes', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const floor = await (await reader(modSite)).client.post({ page, body: '买药加微信 123' });
    await reportFloor((await reader(modSite)).client, { page, number: floor.number, reason: 'spam', note: '广告' });

    const el = await mount({ site: modSite, token: (await moderator(modSite)).token, page, tab: 'reported' });
    expect(root(el).querySelector('.policy')?.textContent).to.contain('举报满 2 人自动隐藏');
    expect(root(el).querySelector('[role="tab"][aria-selected="true"]')?.textContent).to.equal('被举报');
    const row = item(el, floor)!;
    expect(row, 'the reported floor is in the queue').to.not.equal(null);
    expect(row.querySelector('.reports .count')?.textContent).to.equal('1 人举报');
    expect(Array.from(row.querySelectorAll('.reasons li'), (li) => li.textContent)).to.deep.equal(['垃圾广告 ×1']);
    expect(row.querySelector('.notes li')?.textContent).to.contain('垃圾广告：广告');
    // A reader's note and a commenter's name sit next to the desk's own words: each is isolated.
    expect(row.querySelector('.notes li bdi.note')?.textContent).to.equal('广告');
    expect(row.querySelector('.author')?.localName).to.equal('bdi');
    expect(row.querySelector('.status')?.textContent).to.equal('已发布');
  });

  it('should hide, restore, pin, unpin and delete a floor, asking why before hiding or deleting', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const author = await reader(modSite);
    await author.client.post({ page, body: '第一楼' });
    const floor = await author.client.post({ page, body: '有争议的回复' });
    await reportFloor((await reader(modSite)).client, { page, number: floor.number, reason: 'abuse' });
    const el = await mount({ site: modSite, token: (await moderator(modSite)).token, page, tab: 'reported' });
    const row = () => item(el, floor)!;
    const status = () => row().querySelector('.status')?.textContent;

    await press(el, row(), '隐藏');
    const form = row().querySelector('form')!;
    expect(form.getAttribute('aria-label')).to.equal('隐藏 板凳');
    await waitUntil(() => root(el).activeElement === form.querySelector('input'), 'the reason field did not take focus', WAIT);
    // No reason, no hiding: the field is required.
    await press(el, form, '确认隐藏');
    expect(form.querySelector('input')!.validity.valueMissing).to.equal(true);
    expect(announced(el)).to.equal('');
    expect(status()).to.equal('已发布');
    await confirmWith(el, row(), '人身攻击', '确认隐藏');
    await waitUntil(() => status() === '已隐藏', 'the floor was not hidden', WAIT);
    expect(announced(el)).to.equal('已隐藏 板凳。');
    expect((await publicFloors(modSite, page)).has(floor.number)).to.equal(false);

    await press(el, row(), '恢复');
    await waitUntil(() => status() === '已发布', 'the floor was not restored', WAIT);
    expect((await publicFloors(modSite, page)).get(floor.number)?.status).to.equal('published');

    await press(el, row(), '置顶');
    await waitUntil(() => Array.from(row().querySelectorAll('.mark'), (m) => m.textContent).includes('置顶'), 'the floor was not pinned', WAIT);
    const pinned = await (await anonymous(modSite)).bootstrap({ page });
    expect(pinned.pinned?.map((f) => f.number)).to.deep.equal([floor.number]);
    await press(el, row(), '取消置顶');
    await waitUntil(() => !!button(row(), '置顶'), 'the floor was not unpinned', WAIT);
    expect((await (await anonymous(modSite)).bootstrap({ page })).pinned ?? []).to.deep.equal([]);

    await press(el, row(), '删除');
    await confirmWith(el, row(), '违规内容', '确认删除');
    await waitUntil(() => status() === '已删除', 'the floor was not deleted', WAIT);
    const tombstone = (await publicFloors(modSite, page)).get(floor.number)!;
    expect(tombstone.status).to.equal('deleted');
    expect(tombstone.body.children).to.deep.equal([]);
    expect(button(row(), '恢复'), 'a deleted floor can be restored').to.not.equal(undefined);
  });

  it('should show a floor in its thread: the floors before and after it', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const author = await reader(modSite, '上下文读者');
    await author.client.post({ page, body: '前一楼' });
    const floor = await author.client.post({ page, body: '被举报的楼', parent: 2 });
    await author.client.post({ page, body: '后一楼' });
    await reportFloor((await reader(modSite)).client, { page, number: floor.number, reason: 'other' });
    const el = await mount({ site: modSite, token: (await moderator(modSite)).token, page, tab: 'reported' });
    const toggle = button(item(el, floor)!, '上下文')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await waitUntil(() => item(el, floor)!.querySelector('.context'), 'the context did not load', WAIT);
    const context = item(el, floor)!.querySelector('.context')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(context.getAttribute('aria-label')).to.equal('板凳 的上下文');
    const rows = Array.from(context.querySelectorAll('.near'));
    expect(rows.map((row) => row.querySelector('.label')?.textContent)).to.deep.equal(['沙发', '板凳', '地板']);
    expect(rows[1]!.getAttribute('aria-current')).to.equal('true');
    expect(rows[0]!.textContent).to.contain('所回复的楼层');
    expect(rows[2]!.querySelector('.body')?.textContent).to.contain('后一楼');
  });

  it('should ban an author until a chosen time, refuse their posts, and lift the ban', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const author = await reader(modSite, '被禁言的读者');
    const floor = await author.client.post({ page, body: '刷屏内容' });
    await reportFloor((await reader(modSite)).client, { page, number: floor.number, reason: 'spam' });
    const el = await mount({ site: modSite, token: (await moderator(modSite)).token, page, tab: 'reported' });

    await press(el, item(el, floor), '禁言作者');
    const form = item(el, floor)!.querySelector<HTMLFormElement>('form.ban')!;
    expect(form.getAttribute('aria-label')).to.equal('禁言作者 被禁言的读者');
    const hours = form.querySelector<HTMLSelectElement>('select[name="hours"]')!;
    expect(Array.from(hours.options, (o) => o.textContent)).to.deep.equal(['1 小时', '1 天', '3 天', '7 天', '30 天', '永久']);
    hours.value = '72';
    const before = Date.now();
    await confirmWith(el, item(el, floor)!, '连续刷屏', '确认禁言');
    await waitUntil(() => announced(el).startsWith('已禁言 被禁言的读者 至 '), 'the ban was not announced', WAIT);

    const refused = await author.client.post({ page, body: '还想发' }).then(() => null, (error: unknown) => error);
    const details = (refused as { status?: number; body?: { error: { details?: { ban?: { until: string | null; reason: string | null } } } } }).body?.error.details;
    expect((refused as { status?: number }).status).to.equal(403);
    expect(details?.ban?.reason).to.equal('连续刷屏');
    const until = Date.parse(details!.ban!.until!);
    expect(until).to.be.within(before + 72 * 3_600_000 - 60_000, Date.now() + 72 * 3_600_000 + 60_000);

    await showTab(el, '禁言名单');
    const row = () => Array.from(root(el).querySelectorAll<HTMLElement>('.ban')).find((li) => li.textContent!.includes('被禁言的读者'));
    await waitUntil(() => row(), 'the ban is not listed', WAIT);
    expect(row()!.textContent).to.contain('连续刷屏');
    await expect(el).to.be.accessible();
    expect(row()!.textContent).to.contain('操作人：Mod');
    const lift = button(row()!, '解除')!;
    expect(lift.getAttribute('aria-label')).to.equal('解除 被禁言的读者 的禁言');
    lift.click();
    await el.updateComplete;
    await press(el, row()!, '确认解除');
    await waitUntil(() => !row(), 'the ban is still listed', WAIT);
    expect(announced(el)).to.equal('已解除 被禁言的读者 的禁言。');
    expect((await author.client.post({ page, body: '解禁后发言' })).status).to.equal('published');
  });

  it('should shadow-ban an author: only they and moderators see their new floors', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const author = await reader(modSite, '隐身读者');
    const floor = await author.client.post({ page, body: '第一条' });
    await reportFloor((await reader(modSite)).client, { page, number: floor.number, reason: 'abuse' });
    const el = await mount({ site: modSite, token: (await moderator(modSite)).token, page, tab: 'reported' });
    await press(el, item(el, floor), '禁言作者');
    const form = item(el, floor)!.querySelector<HTMLFormElement>('form.ban')!;
    form.querySelector<HTMLInputElement>('input[value="shadow"]')!.click();
    expect(form.querySelector<HTMLSelectElement>('select')!.disabled, 'a shadow-ban has no end').to.equal(true);
    await confirmWith(el, item(el, floor)!, '阴阳怪气', '确认禁言');
    await waitUntil(() => announced(el) === '已隐身屏蔽 隐身读者。', 'the shadow-ban was not announced', WAIT);
    await waitUntil(() => Array.from(item(el, floor)!.querySelectorAll('.mark'), (m) => m.textContent).includes('已屏蔽'), 'the floor is not marked', WAIT);

    const hidden = await author.client.post({ page, body: '只有自己看得到' });
    expect(hidden.status).to.equal('published');
    expect((await publicFloors(modSite, page)).has(hidden.number)).to.equal(false);
    const own = await author.client.bootstrap({ page });
    expect(own.page.floors.map((f) => f.number)).to.include(hidden.number);
    await moderationApi((await moderator(modSite)).client).unban(floor.author!.id);
  });

  it('should list the actions taken in the audit log, newest first, narrowed by action', async () => {
    const { premodSite } = await testConfig();
    const page = uniqueId();
    const author = await reader(premodSite, '日志读者');
    const floor = await author.client.post({ page, body: '审核日志' });
    const mod = await moderator(premodSite);
    const api = moderationApi(mod.client);
    await api.act(floor.id, 'approve');
    await api.act(floor.id, 'hide', '跑题');
    await api.ban({ user: floor.author!.id, reason: '日志测试', until: null });

    const el = await mount({ site: premodSite, token: mod.token, page, tab: 'audit' });
    const entries = () => Array.from(root(el).querySelectorAll<HTMLElement>('.entry'));
    await expect(el).to.be.accessible();
    expect(entries().map((entry) => entry.dataset['action'])).to.deep.equal(['hide', 'approve']);
    const hide = entries()[0]!;
    expect(hide.querySelector('.actor')?.textContent).to.equal('Mod');
    expect(hide.querySelector('.action')?.textContent).to.equal('隐藏');
    expect(hide.querySelector('.reason')?.textContent).to.equal('跑题');
    expect(Array.from(hide.querySelectorAll('.detail'), (d) => d.textContent)).to.deep.equal([`${page} · 沙发`, '日志读者', '已发布 → 已隐藏']);

    // The whole site's log, only bans: the ban (which names no page) is there.
    el.page = undefined;
    await el.updateComplete;
    await waitUntil(() => settled(el), 'the whole log did not load', WAIT);
    const select = root(el).querySelector<HTMLSelectElement>('.filter select')!;
    select.value = 'ban';
    select.dispatchEvent(new Event('change'));
    const onlyBans = () => entries().length > 0 && entries().every((entry) => entry.dataset['action'] === 'ban');
    await waitUntil(() => onlyBans() && entries().some((entry) => entry.textContent!.includes('日志读者')), 'the ban is not in the log', WAIT);
    const ban = entries().find((entry) => entry.textContent!.includes('日志读者'))!;
    expect(ban.textContent).to.contain('禁言 永久');
    expect(ban.querySelector('.reason')?.textContent).to.equal('日志测试');
    await api.unban(floor.author!.id);
  });

  it('should save the word lists, which then apply to new posts', async () => {
    const { modSite } = await testConfig();
    const mod = await moderator(modSite);
    const banned = uniqueId('禁词');
    // Other browsers save these lists too: read them afresh and add the word until it stays.
    let saved = false;
    for (let attempt = 0; attempt < 5 && !saved; attempt++) {
      const el = await mount({ site: modSite, token: mod.token, tab: 'words' });
      const field = root(el).querySelector<HTMLTextAreaElement>('#words-banned')!;
      expect(root(el).querySelector('label[for="words-banned"]')?.textContent).to.equal('禁用词');
      if (attempt === 0) await expect(el).to.be.accessible();
      field.value = `${field.value}\n  ${banned}  \n`;
      field.dispatchEvent(new Event('input'));
      await el.updateComplete;
      await press(el, root(el).querySelector('form.words'), '保存');
      await waitUntil(() => announced(el) === '敏感词已保存。' || root(el).querySelector('form.words [role="alert"]'), 'saving did not finish', WAIT);
      expect(root(el).querySelector('form.words [role="alert"]')).to.equal(null);
      expect(root(el).querySelector<HTMLTextAreaElement>('#words-banned')!.value.split('\n')).to.include(banned);
      saved = (await moderationApi(mod.client).words()).banned.includes(banned);
    }
    expect(saved, 'the banned word was saved').to.equal(true);
    const refused = await (await reader(modSite)).client.post({ page: uniqueId(), body: `含有${banned}的回复` }).then(() => null, (e: unknown) => e);
    expect((refused as { status?: number }).status).to.equal(422);
    const api = moderationApi(mod.client);
    const lists = await api.words();
    await api.setWords({ ...lists, banned: lists.banned.filter((word) => word !== banned) });
  });

  it('should move between sections with the arrow keys', async () => {
    const { modSite } = await testConfig();
    const el = await mount({ site: modSite, token: (await moderator(modSite)).token, page: uniqueId() });
    const tabs = () => Array.from(root(el).querySelectorAll<HTMLElement>('[role="tab"]'));
    expect(tabs().map((tab) => tab.textContent)).to.deep.equal(['待审核', '被举报', '禁言名单', '操作日志', '敏感词']);
    expect(panel(el)!.getAttribute('aria-labelledby')).to.equal('moderation-pending');
    expect(panel(el)!.textContent).to.contain('没有待审核的回复。');
    tabs()[0]!.focus();
    tabs()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await el.updateComplete;
    expect(el.tab).to.equal('reported');
    expect(root(el).activeElement).to.equal(tabs()[1]);
    expect(tabs()[1]!.getAttribute('aria-selected')).to.equal('true');
    await waitUntil(() => settled(el), undefined, WAIT);
    expect(panel(el)!.textContent).to.contain('没有被举报的回复。');
    tabs()[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    await el.updateComplete;
    expect(el.tab).to.equal('words');
  });

  it('should tell a reader who is not a moderator that they may not moderate', async () => {
    const { modSite } = await testConfig();
    const el = await mount({ site: modSite, token: (await reader(modSite)).token });
    const alert = root(el).querySelector('[role="alert"]');
    expect(alert?.textContent).to.equal('只有本站的版主和管理员才能审核内容，你的账号没有这个权限。');
    expect(root(el).querySelector('[role="tablist"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('should ask for a moderator login without a token, and speak English on an English page', async () => {
    const { modSite } = await testConfig();
    const el = await mount({ site: modSite, token: null, lang: 'en' });
    expect(root(el).querySelector('[role="alert"]')?.textContent).to.equal('Log in as a moderator of this site to moderate.');
    el.token = (await moderator(modSite)).token;
    await waitUntil(() => root(el).querySelector('[role="tablist"]'), 'logging in did not load the desk', WAIT);
    expect(root(el).querySelector('h2')?.textContent).to.equal('Moderation');
  });
});
