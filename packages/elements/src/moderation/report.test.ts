import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { createClient, type TeahouseClient } from '@teahouse/client';
import { moderationApi, reportFloor } from '@teahouse/client/moderation';
import type { Floor } from '@teahouse/protocol';
import { deep, mountComments, testConfig, testToken, uniqueId, unmountComments } from '../test-helpers.js';
import type { TeahouseComment } from '../comment/comment.component.js';
import type { TeahouseComposer } from '../composer/composer.component.js';
import type { TeahouseComments } from '../comments/comments.component.js';
import type { TeahouseReport } from './report.js';

/** Each step waits on the server; a busy machine answers slowly. */
const WAIT = { timeout: 10_000 };

interface Reader {
  name: string;
  token: string;
  client: TeahouseClient;
}

async function reader(site: string, name = uniqueId('读者'), sub = uniqueId('user')): Promise<Reader> {
  const token = await testToken({ site, sub, name });
  return { name, token, client: createClient({ baseUrl: (await testConfig()).server, site, token }) };
}

const moderator = (site: string) => reader(site, 'Mod', 'wtr-mod');

/** The floor element showing floor `number`, once the thread has it. */
async function floorOf(comments: TeahouseComments, number: number): Promise<TeahouseComment> {
  const thread = deep(comments, 'teahouse-thread')!;
  const find = () => thread.shadowRoot!.querySelector<TeahouseComment>(`teahouse-comment[data-floor="${number}"]`);
  await waitUntil(() => find(), `floor ${number} is not shown`, WAIT);
  return find()!;
}

const shownNumbers = (comments: TeahouseComments) =>
  Array.from(deep(comments, 'teahouse-thread')!.shadowRoot!.querySelectorAll<HTMLElement>('teahouse-comment'), (el) => Number(el.dataset['floor']));
const reportButton = (comment: TeahouseComment) => comment.shadowRoot!.querySelector<HTMLButtonElement>('.actions .report');
const marks = (comment: TeahouseComment) => Array.from(comment.shadowRoot!.querySelectorAll('.mark'), (mark) => mark.textContent);

/** Presses 举报 and resolves with the form once its code has loaded. */
async function openReport(comment: TeahouseComment): Promise<TeahouseReport> {
  reportButton(comment)!.click();
  await waitUntil(() => comment.shadowRoot!.querySelector('teahouse-report')?.shadowRoot?.querySelector('form'), 'the report form did not open', WAIT);
  return comment.shadowRoot!.querySelector('teahouse-report')!;
}

async function send(form: TeahouseReport, reason: string, note = ''): Promise<void> {
  const root = form.shadowRoot!;
  root.querySelector<HTMLInputElement>(`input[value="${reason}"]`)!.click();
  if (note) {
    const field = root.querySelector('textarea')!;
    field.value = note;
    field.dispatchEvent(new Event('input'));
  }
  await form.updateComplete;
  root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await waitUntil(() => root.querySelector('.done, [role="alert"]'), 'the report did not finish', WAIT);
}

/** A thread on `site` with a floor by someone else; resolves with the floor. */
async function othersFloor(site: string, page: string, body = '一条普通的回复'): Promise<Floor> {
  return (await reader(site, '楼主读者')).client.post({ page, body });
}

describe('report (举报) on a floor', function (this: { timeout(ms: number): void }) {
  // A test takes several readers, posts, reports and mounts, each a request to the server.
  this.timeout(30_000);

  it("should offer 举报 on other readers' floors to signed-in readers only", async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const others = await othersFloor(modSite, page);
    const me = await reader(modSite);
    const mine = await me.client.post({ page, body: '我自己的回复' });

    const signedIn = await mountComments({ site: modSite, page, token: me.token, lang: 'zh-CN' });
    const button = reportButton(await floorOf(signedIn, others.number))!;
    expect(button.textContent).to.equal('举报');
    expect(button.getAttribute('aria-label')).to.equal('举报 沙发');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(reportButton(await floorOf(signedIn, mine.number)), 'not on my own floor').to.equal(null);

    const anonymous = await mountComments({ site: modSite, page, lang: 'zh-CN' });
    expect(reportButton(await floorOf(anonymous, others.number)), 'not for anonymous readers').to.equal(null);
  });

  it('should send the chosen reason with a note, confirm it, and change nothing when sent again', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const floor = await othersFloor(modSite, page, '广告：低价代购');
    const comments = await mountComments({ site: modSite, page, token: (await reader(modSite)).token, lang: 'zh-CN' });
    const comment = await floorOf(comments, floor.number);
    const form = await openReport(comment);
    expect(reportButton(comment)!.getAttribute('aria-expanded')).to.equal('true');
    await expect(form).to.be.accessible();
    const root = form.shadowRoot!;
    expect(root.querySelector('form')!.getAttribute('aria-label')).to.equal('举报 沙发');
    expect(root.activeElement, 'the first reason takes focus').to.equal(root.querySelector('input'));
    expect(root.querySelector('legend')?.textContent).to.equal('举报理由');
    expect(Array.from(root.querySelectorAll('label.reason'), (label) => label.textContent!.trim()))
      .to.deep.equal(['垃圾广告', '辱骂攻击', '违法信息', '色情低俗', '侵犯隐私', '其他']);

    const sent = oneEvent(comments, 'teahouse-report');
    await send(form, 'spam', '反复发代购广告');
    expect((await sent).detail).to.deep.equal({ floor: floor.number, reason: 'spam', created: true });
    const done = root.querySelector('.done')!;
    expect(done.textContent).to.equal('已举报，感谢反馈');
    expect(done.getAttribute('role')).to.equal('status');

    const api = moderationApi((await moderator(modSite)).client);
    const reported = async () => (await api.queue({ kind: 'reported', page })).items.find((item) => item.floor.id === floor.id);
    expect((await reported())?.reports).to.deep.include({ count: 1, reasons: { spam: 1 } });
    expect((await reported())?.reports.notes.map((n) => n.note)).to.deep.equal(['反复发代购广告']);

    // Closed and opened again: a second report is confirmed the same way and counts once.
    reportButton(comment)!.click();
    await comment.updateComplete;
    expect(comment.shadowRoot!.querySelector('teahouse-report')).to.equal(null);
    const again = await openReport(comment);
    const second = oneEvent(comments, 'teahouse-report');
    await send(again, 'abuse');
    expect((await second).detail.created).to.equal(false);
    expect(again.shadowRoot!.querySelector('.done')?.textContent).to.equal('已举报，感谢反馈');
    expect((await reported())?.reports.count).to.equal(1);
  });

  it('should close the form when Report is pressed again, and speak English on an English page', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const floor = await othersFloor(modSite, page);
    const comments = await mountComments({ site: modSite, page, token: (await reader(modSite)).token, lang: 'en' });
    const comment = await floorOf(comments, floor.number);
    expect(reportButton(comment)!.textContent).to.equal('Report');
    const form = await openReport(comment);
    expect(form.shadowRoot!.querySelector('legend')?.textContent).to.equal('Why are you reporting this?');
    reportButton(comment)!.click();
    await comment.updateComplete;
    expect(comment.shadowRoot!.querySelector('teahouse-report')).to.equal(null);
    expect(reportButton(comment)!.getAttribute('aria-expanded')).to.equal('false');
  });

  it('should hide a floor from readers once two readers reported it, and show it to moderators marked', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const floor = await othersFloor(modSite, page, '引战内容');
    await reportFloor((await reader(modSite)).client, { page, number: floor.number, reason: 'abuse' });
    const comments = await mountComments({ site: modSite, page, token: (await reader(modSite)).token, lang: 'zh-CN' });
    await send(await openReport(await floorOf(comments, floor.number)), 'abuse');

    const anonymous = await mountComments({ site: modSite, page, lang: 'zh-CN' });
    expect(shownNumbers(anonymous)).to.not.include(floor.number);
    const mod = await mountComments({ site: modSite, page, token: (await moderator(modSite)).token, lang: 'zh-CN' });
    const hidden = await floorOf(mod, floor.number);
    expect(marks(hidden)).to.include('已隐藏');
    expect(hidden.shadowRoot!.querySelector('.body')?.textContent).to.contain('引战内容');
    expect(hidden.shadowRoot!.querySelector('.actions'), 'no actions on a hidden floor').to.equal(null);
  });

  it('should show the author their floor waiting for review as 审核中, and moderators 待审核', async () => {
    const { premodSite } = await testConfig();
    const page = uniqueId();
    const author = await reader(premodSite, '新读者');
    const comments = await mountComments({ site: premodSite, page, token: author.token, lang: 'zh-CN' });
    const composer = deep<TeahouseComposer>(comments, 'teahouse-composer')!;
    const field = composer.shadowRoot!.querySelector('textarea')!;
    field.value = '第一次发言';
    field.dispatchEvent(new Event('input'));
    await composer.submit();
    const own = await floorOf(comments, 2);
    expect(marks(own)).to.deep.equal(['审核中']);
    expect(own.shadowRoot!.querySelector('.body')?.textContent).to.contain('第一次发言');

    expect(shownNumbers(await mountComments({ site: premodSite, page, lang: 'zh-CN' }))).to.not.include(2);
    const mod = await mountComments({ site: premodSite, page, token: (await moderator(premodSite)).token, lang: 'zh-CN' });
    expect(marks(await floorOf(mod, 2))).to.deep.equal(['待审核']);
  });

  it("should mark a shadow-banned author's floors for moderators", async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const author = await reader(modSite, '隐身作者');
    const first = await author.client.post({ page, body: '禁言前' });
    const api = moderationApi((await moderator(modSite)).client);
    await api.ban({ user: first.author!.id, kind: 'shadow', reason: '测试' });
    try {
      const floor = await author.client.post({ page, body: '只有自己看得到' });
      const mod = await mountComments({ site: modSite, page, token: (await moderator(modSite)).token, lang: 'zh-CN' });
      expect(marks(await floorOf(mod, floor.number))).to.include('已屏蔽');
      const own = await mountComments({ site: modSite, page, token: author.token, lang: 'zh-CN' });
      expect(marks(await floorOf(own, floor.number)), 'the author sees nothing special').to.deep.equal([]);
    } finally {
      unmountComments();
      await api.unban(first.author!.id);
    }
  });
});

describe('a banned reader', function (this: { timeout(ms: number): void }) {
  this.timeout(30_000);

  async function postAs(site: string, token: string, page: string): Promise<string> {
    // One widget at a time: each holds a stream, of the browser's six connections per host.
    unmountComments();
    const comments = await mountComments({ site, page, token, lang: 'zh-CN' });
    const composer = deep<TeahouseComposer>(comments, 'teahouse-composer')!;
    const field = composer.shadowRoot!.querySelector('textarea')!;
    field.value = '我还能说话吗';
    field.dispatchEvent(new Event('input'));
    await composer.submit();
    return composer.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? '';
  }

  it('should be told in the composer until when they may not post, or that it is for good', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const author = await reader(modSite);
    const floor = await author.client.post({ page, body: '被禁言之前' });
    const api = moderationApi((await moderator(modSite)).client);
    const until = new Date(Date.now() + 3 * 86_400_000);
    until.setSeconds(0, 0);
    await api.ban({ user: floor.author!.id, until: until.toISOString(), reason: '刷屏' });
    try {
      const pad = (n: number) => String(n).padStart(2, '0');
      const local = `${until.getFullYear()}-${pad(until.getMonth() + 1)}-${pad(until.getDate())} ${pad(until.getHours())}:${pad(until.getMinutes())}`;
      expect(await postAs(modSite, author.token, page)).to.equal(`你已被禁言至 ${local}`);
      await api.ban({ user: floor.author!.id, until: null, reason: '屡教不改' });
      expect(await postAs(modSite, author.token, page)).to.equal('你已被永久禁言');
    } finally {
      unmountComments();
      await api.unban(floor.author!.id);
    }
  });
});
