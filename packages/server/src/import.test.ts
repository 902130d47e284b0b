import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { createApp } from './app.js';
import { openDatabase, type Database } from './db/database.js';
import { artransSource } from './import/artrans.js';
import { discuzSource } from './import/discuz.js';
import { disqusSource } from './import/disqus.js';
import { runImport } from './import/run.js';
import { restoreSite } from './import/teahouse.js';
import { wordpressSource } from './import/wordpress.js';
import type { ImportRecord, ImportSource } from './import/records.js';
import { exportSite } from './export/jsonl.js';
import { saveSite } from './sites/config.js';
import { DIALECTS, freshPostgres } from './test/support.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));
const MYSQL_URL = process.env.TEAHOUSE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

async function freshDatabase(dialect: string): Promise<{ url: string; db: Database; drop(): Promise<void> }> {
  if (dialect === 'postgres') {
    const pg = await freshPostgres();
    const db = await openDatabase(pg.url);
    return { url: pg.url, db, drop: async () => { await db.close(); await pg.drop(); } };
  }
  const dir = await mkdtemp(join(tmpdir(), 'teahouse-import-'));
  const url = `sqlite:${join(dir, 'teahouse.db')}`;
  const db = await openDatabase(url);
  return { url, db, drop: async () => { await db.close(); await rm(dir, { recursive: true, force: true }); } };
}

/** A thread's floors as stored, in number order. */
async function floors(db: Database, site: string, page: string) {
  return db.kysely.selectFrom('floors as f').innerJoin('threads as t', 't.id', 'f.thread_id').leftJoin('users as u', 'u.id', 'f.author_user_id')
    .select(['f.number', 'f.status', 'f.parent_number', 'f.quote_number', 'f.root_number', 'f.depth', 'f.descendants', 'f.score', 'f.body_source', 'f.created_at', 'u.name', 'u.external_id', 'u.role'])
    .where('t.site_id', '=', site).where('t.page_key', '=', page).orderBy('f.number').execute();
}

async function thread(db: Database, site: string, page: string) {
  return db.kysely.selectFrom('threads as t').leftJoin('users as u', 'u.id', 't.author_user_id')
    .select(['t.id', 't.last_floor', 't.reply_count', 't.title', 't.url', 'u.name as author', 'u.external_id as author_external'])
    .where('t.site_id', '=', site).where('t.page_key', '=', page).executeTakeFirstOrThrow();
}

/** Stops reading after `limit` records, as a killed process would. */
function interrupted(source: ImportSource, limit: number): ImportSource {
  return {
    ...source,
    async *records(): AsyncGenerator<ImportRecord> {
      let n = 0;
      for await (const record of source.records()) {
        if (n++ === limit) throw new Error('interrupted');
        yield record;
      }
    },
  };
}

async function site(db: Database, id: string, locale: 'en' | 'zh-CN' = 'zh-CN') {
  await saveSite(db, { id, name: id, origins: ['https://news.example.com'], locale }, { update: false });
}

for (const dialect of DIALECTS) {
  test(`teahouse import disqus (${dialect})`, async (t) => {
    const { url, db, drop } = await freshDatabase(dialect);
    t.after(drop);
    await site(db, 'daily', 'en');
    const file = join(FIXTURES, 'disqus.xml');

    await t.test('should import threads and posts with numbers, authors, times, replies and statuses', async () => {
      const bad: string[] = [];
      const summary = await runImport(db, 'daily', await disqusSource(file), { progress() {}, bad: (b) => bad.push(`${b.at}: ${b.message}`) });
      assert.deepEqual(summary.imported, { reader: 5, thread: 2, floor: 6, reaction: 0, balance: 0 });
      assert.equal(summary.badCount, 3);
      assert.match(bad.join('\n'), /line 71: post 9005 has no readable createdAt/);
      assert.match(bad.join('\n'), /line 87: floor 9007: the floor it replies to \(8888\) is not in this thread's import/);
      assert.match(bad.join('\n'), /line 96: floor 9008: its thread 7777 is not in the import/);

      const a = await thread(db, 'daily', 'article-123');
      assert.deepEqual([a.last_floor, a.reply_count, a.title, a.author, a.author_external], [6, 3, 'The old street reopens', 'The Editor', 'disqus:dailyeditor']);
      const rows = await floors(db, 'daily', 'article-123');
      assert.deepEqual(rows.map((f) => [f.number, f.status, f.parent_number, f.root_number, f.depth]), [
        [2, 'published', null, 2, 0], [3, 'published', 2, 2, 1], [4, 'hidden', null, 4, 0], [5, 'deleted', null, 5, 0], [6, 'published', 3, 2, 2],
      ]);
      assert.equal(rows[0]!.descendants, 2, 'floor 2 has two replies under it');
      assert.equal(rows[0]!.body_source, 'Finally! The **arcades** look great.\n\nSee [the notice](<https://news.example.com/notice>).');
      assert.equal(rows[0]!.created_at, '2021-03-09T11:00:00.000Z');
      assert.deepEqual([rows[0]!.name, rows[0]!.external_id, rows[0]!.role], ['Lin Xiaoyu', 'disqus:linxy', 'reader']);
      assert.deepEqual([rows[1]!.name, rows[1]!.role], ['A passer-by', 'guest']);
      assert.equal(rows[4]!.body_source, "Seven o'clock at the east gate. \\<script\\>alert(1)\\</script\\>", 'markup in a post stays text');
      assert.equal((await thread(db, 'daily', '/a/124')).last_floor, 2, 'a thread without an identifier is keyed by its path');

      // As a reader sees it: the bootstrap shows 楼主 and the floors.
      const { app, close } = await createApp({ database: url });
      const body = await (await app.request('/v1/sites/daily/bootstrap?page=article-123')).json() as { thread: { replyCount: number; author: { name: string } }; page: { floors: { number: number; isOp: boolean }[] } };
      await close();
      assert.equal(body.thread.replyCount, 3);
      assert.equal(body.thread.author.name, 'The Editor');
      assert.deepEqual(body.page.floors.map((f) => [f.number, f.isOp]), [[2, false], [3, false], [5, false], [6, true]], 'the spam floor hidden, the deleted one a tombstone');
    });

    await t.test('should import nothing twice when run again', async () => {
      const summary = await runImport(db, 'daily', await disqusSource(file));
      assert.deepEqual(summary.imported, { reader: 0, thread: 0, floor: 0, reaction: 0, balance: 0 });
      assert.equal(summary.skipped, 8);
      assert.equal((await thread(db, 'daily', 'article-123')).reply_count, 3);
      assert.equal((await floors(db, 'daily', 'article-123')).length, 5);
    });

    await t.test('should resume an interrupted import where it stopped', async () => {
      await site(db, 'resumed', 'en');
      await assert.rejects(runImport(db, 'resumed', interrupted(await disqusSource(file), 6), undefined, { batch: 2 }), /interrupted/);
      const part = await floors(db, 'resumed', 'article-123');
      assert.ok(part.length > 0 && part.length < 5, `part of the file is in: ${part.length} floors`);
      const rest = await runImport(db, 'resumed', await disqusSource(file), undefined, { batch: 2 });
      assert.ok(rest.skipped > 0, 'what the first run wrote is skipped');
      assert.deepEqual((await floors(db, 'resumed', 'article-123')).map((f) => f.number), [2, 3, 4, 5, 6]);
      assert.equal((await thread(db, 'resumed', 'article-123')).reply_count, 3);
    });
  });

  test(`teahouse import wordpress and artrans (${dialect})`, async (t) => {
    const { db, drop } = await freshDatabase(dialect);
    t.after(drop);
    await site(db, 'blog', 'en');
    await site(db, 'news');

    await t.test('should import a WXR file: comments in id order, pingbacks left out, statuses kept', async () => {
      const summary = await runImport(db, 'blog', await wordpressSource(join(FIXTURES, 'wordpress.xml')));
      assert.equal(summary.imported.floor, 3);
      assert.equal(summary.badCount, 1, 'the empty comment');
      assert.match(summary.bad[0]!.at, /^line 70$/);
      const a = await thread(db, 'blog', '/2021/03/old-street/');
      assert.deepEqual([a.author, a.author_external, a.reply_count, a.last_floor], ['Chief Editor', 'wordpress:1', 2, 4]);
      const rows = await floors(db, 'blog', '/2021/03/old-street/');
      assert.deepEqual(rows.map((f) => [f.number, f.name, f.status, f.parent_number]), [[2, 'Lin', 'published', null], [3, 'Chief Editor', 'published', 2], [4, 'Waiting', 'pending', null]]);
      assert.equal(rows[0]!.body_source, 'Great news.\n\nThe **arcades** are back & so is the market.');
      assert.equal(rows[1]!.body_source, 'Thanks for reading!\\\nSee you Saturday.');
      assert.equal(rows[1]!.external_id, 'wordpress:1', 'the author of the post and of the comment is one reader');
      assert.equal((await runImport(db, 'blog', await wordpressSource(join(FIXTURES, 'wordpress.xml')))).imported.floor, 0);
    });

    await t.test('should import an Artrans file with parents, pending comments and vote counts', async () => {
      const summary = await runImport(db, 'news', await artransSource(join(FIXTURES, 'artrans.json')));
      assert.equal(summary.imported.floor, 4);
      assert.deepEqual(summary.bad, [{ at: 'comment 4', message: 'comment 4 has no page_key' }]);
      const a = await thread(db, 'news', '/a/123.html');
      assert.deepEqual([a.title, a.url, a.reply_count, a.last_floor], ['城东老街改造完工', 'https://news.example.com/a/123.html', 3, 4]);
      const rows = await floors(db, 'news', '/a/123.html');
      assert.deepEqual(rows.map((f) => [f.number, f.name, f.parent_number, f.depth, f.score]), [[2, '林晓雨', null, 0, 11], [3, '编辑部', 2, 1, 3], [4, '林晓雨', 3, 2, 0]]);
      assert.equal(rows[0]!.external_id, rows[2]!.external_id, 'the same email is the same guest');
      assert.equal(rows[0]!.created_at, '2021-03-09T14:46:00.000Z');
      const counts = await db.kysely.selectFrom('reaction_counts').select(['floor_number', 'key', 'count']).where('thread_id', '=', a.id).orderBy('floor_number').orderBy('key').execute();
      assert.deepEqual(counts.map((c) => [c.floor_number, c.key, c.count]), [[2, 'down', 1], [2, 'up', 12], [3, 'up', 3]]);
      assert.equal((await floors(db, 'news', 'https://news.example.com/a/124.html'))[0]!.status, 'pending');
      const again = await runImport(db, 'news', await artransSource(join(FIXTURES, 'artrans.json')));
      assert.equal(again.imported.floor, 0);
      const recount = await db.kysely.selectFrom('reaction_counts').select('count').where('thread_id', '=', a.id).where('floor_number', '=', 2).where('key', '=', 'up').executeTakeFirstOrThrow();
      assert.equal(recount.count, 12, 'counts are not added twice');
    });
  });

  test(`teahouse import discuz from MariaDB (${dialect})`, async (t) => {
    const name = `teahouse_discuz_${Math.random().toString(36).slice(2, 10)}`;
    const { url, db, drop } = await freshDatabase(dialect);
    t.after(drop);
    const admin = await createConnection({ uri: MYSQL_URL, multipleStatements: true, charset: 'utf8mb4' });
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
    await admin.query(`USE ${name}`);
    await admin.query(await readFile(join(FIXTURES, 'discuz.sql'), 'utf8'));
    t.after(async () => {
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    });
    await site(db, 'bbs');
    const mapFile = join(await mkdtemp(join(tmpdir(), 'teahouse-map-')), 'pages.csv');
    await writeFile(mapFile, 'tid,page\n7,news-2021-0309\n');
    const source = () => discuzSource({ url: `${MYSQL_URL}/${name}`, pageMap: mapFile, pageKey: 'thread-{tid}', pageUrl: 'https://bbs.example.com/thread-{tid}-1-1.html' });

    await t.test('should import threads with their positions, 楼主, quotes, BBCode, votes, members and credits', async () => {
      const summary = await runImport(db, 'bbs', await source());
      assert.deepEqual(summary.imported, { reader: 5, thread: 2, floor: 8, reaction: 4, balance: 3 });
      assert.equal(summary.badCount, 1);
      assert.match(summary.bad[0]!.at, /^tid 7 position 9 \(pid 78\)$/);
      assert.match(summary.bad[0]!.message, /no visible text/);

      const a = await thread(db, 'bbs', 'news-2021-0309');
      assert.deepEqual([a.title, a.url, a.author, a.author_external], ['城东老街改造完工，骑楼重现“老重庆”风貌', 'https://bbs.example.com/thread-7-1-1.html', '山城看点编辑部', '1']);
      assert.equal(a.last_floor, 10);
      assert.equal(a.reply_count, 5, 'published floors 2, 3, 5, 7, 8');
      const rows = await floors(db, 'bbs', 'news-2021-0309');
      assert.deepEqual(rows.map((f) => [f.number, f.status, f.quote_number]), [
        [2, 'published', null], [3, 'published', 2], [4, 'deleted', null], [5, 'published', null], [7, 'published', null], [8, 'published', null], [10, 'pending', null],
      ]);
      const byNumber = new Map(rows.map((f) => [f.number, f]));
      assert.equal(byNumber.get(2)!.body_source, '**骑楼**终于修好了，看[公告](<https://news.example.com/notice>)和红字。\\\n小时候天天在这里买"麻花" & 凉粉 {:1\\_12:} 😀');
      assert.equal(byNumber.get(3)!.body_source, '谢谢转发！周六晚七点，东门入口见。', 'the quoted copy goes: the quote-reply shows floor 2');
      assert.deepEqual([byNumber.get(5)!.name, byNumber.get(5)!.role], ['匿名', 'guest']);
      assert.equal(byNumber.get(7)!.body_source, '- 东门：小吃\n- 西门：<http://www.example.com/market>');
      assert.match(byNumber.get(8)!.body_source, /^> 山城看点编辑部 发表于 2021-3-9 22:26\\\n> 周六晚七点开街。\n\n一定去！$/, 'a quote of the article stays a quote block');
      assert.equal(byNumber.get(10)!.body_source, '```\n<script>alert(1)</script>\n```');
      assert.equal(byNumber.get(2)!.created_at, new Date(1615301160 * 1000).toISOString());
      assert.deepEqual([byNumber.get(2)!.name, byNumber.get(2)!.external_id], ['林晓雨', '2'], 'members are readers keyed by uid');
      assert.deepEqual([byNumber.get(2)!.score, byNumber.get(3)!.score], [2, -1], 'support and against became 牛逼 and 垃圾');
      const article = await db.kysely.selectFrom('reaction_counts').select(['key', 'count']).where('thread_id', '=', a.id).where('floor_number', '=', 1).orderBy('key').execute();
      assert.deepEqual(article.map((c) => [c.key, c.count]), [['down', 1], ['up', 5]]);
      assert.equal((await thread(db, 'bbs', 'thread-8')).reply_count, 1);

      const balances = await db.kysely.selectFrom('balances as b').innerJoin('users as u', 'u.id', 'b.user_id').select(['u.external_id', 'b.balance']).where('b.site_id', '=', 'bbs').orderBy('u.external_id').execute();
      assert.deepEqual(balances.map((b) => [b.external_id, b.balance]), [['1', 1200], ['2', 88], ['4', 5]]);
      const entries = await db.kysely.selectFrom('ledger_entries').select(['reason', 'ref', 'idempotency_key']).where('site_id', '=', 'bbs').orderBy('idempotency_key').execute();
      assert.deepEqual(entries[0], { reason: 'import', ref: 'discuz:extcredits2', idempotency_key: 'import:discuz:extcredits2:1' });

      // As a reader sees it: floor 3 quotes floor 2 ("林晓雨 发表于 …" and its text).
      const { app, close } = await createApp({ database: url });
      const body = await (await app.request('/v1/sites/bbs/floors?page=news-2021-0309')).json() as { floors: { number: number; isOp: boolean; quote: { number: number; author: string; excerpt: string } | null }[] };
      await close();
      const three = body.floors.find((f) => f.number === 3)!;
      assert.equal(three.isOp, true, 'the thread author is 楼主');
      assert.deepEqual([three.quote?.number, three.quote?.author], [2, '林晓雨']);
      assert.match(three.quote!.excerpt, /^骑楼终于修好了/);
    });

    await t.test('should import nothing twice when run again', async () => {
      const summary = await runImport(db, 'bbs', await source());
      assert.deepEqual(summary.imported, { reader: 0, thread: 0, floor: 0, reaction: 0, balance: 0 });
      const balance = await db.kysely.selectFrom('balances as b').innerJoin('users as u', 'u.id', 'b.user_id').select('b.balance').where('u.external_id', '=', '1').where('b.site_id', '=', 'bbs').executeTakeFirstOrThrow();
      assert.equal(balance.balance, 1200);
      assert.equal((await thread(db, 'bbs', 'news-2021-0309')).reply_count, 5);
    });
  });

  test(`teahouse export and import teahouse round trip (${dialect})`, async (t) => {
    const source = await freshDatabase(dialect);
    t.after(source.drop);
    await site(source.db, 'news');
    await source.db.kysely.updateTable('sites').set({ settings: JSON.stringify({ locale: 'zh-CN', maxDepth: 3, rewards: { webhookUrl: 'https://shop.example.com/hook', webhookSecret: 'a-secret-of-sixteen-plus' } }) }).where('id', '=', 'news').execute();
    await runImport(source.db, 'news', await artransSource(join(FIXTURES, 'artrans.json')));
    await runImport(source.db, 'news', await disqusSource(join(FIXTURES, 'disqus.xml')));
    // Activity of our own on top: a reply, a reaction, an award and its reversal, a report, a ban.
    const { app, close } = await createApp({ database: source.url });
    const { signToken } = await import('./auth/token.js');
    const { loadSite } = await import('./sites/sites.js');
    const stored = await loadSite(source.db, 'news');
    const token = await signToken(stored, { sub: 'reader-9', name: '读者九' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const posted = await app.request('/v1/sites/news/floors', { method: 'POST', headers, body: JSON.stringify({ page: '/a/123.html', body: '我也来 **说两句**', quote: 2 }) });
    assert.equal(posted.status, 201, await posted.text());
    assert.equal((await app.request('/v1/sites/news/reactions', { method: 'PUT', headers, body: JSON.stringify({ page: '/a/123.html', target: 2, key: 'up', on: true }) })).status < 300, true);
    const report = await app.request('/v1/sites/news/floors/3/reports', { method: 'POST', headers, body: JSON.stringify({ page: '/a/123.html', reason: 'spam' }) });
    assert.ok(report.status < 300, await report.text());
    await close();

    const dir = await mkdtemp(join(tmpdir(), 'teahouse-export-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const write = async (db: Database, file: string) => {
      let text = '';
      await exportSite(db, 'news', (chunk) => {
        text += chunk;
      });
      await writeFile(file, text);
      return text;
    };

    await t.test('should export everything but secrets, restore it into an empty database and export the same file', async () => {
      const first = await write(source.db, join(dir, 'first.jsonl'));
      assert.ok(!first.includes('a-secret-of-sixteen-plus'), 'no secret leaves');
      assert.ok(!first.includes(stored.secret));
      const types = new Set(first.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type));
      for (const type of ['teahouse-export', 'site', 'reader', 'thread', 'floor', 'reaction', 'reaction_count', 'ledger', 'balance', 'report', 'queue', 'audit', 'end']) {
        assert.ok(types.has(type) || ['queue', 'audit'].includes(type), `the export has ${type} lines`);
      }
      for (const target of DIALECTS) {
        const empty = await freshDatabase(target);
        try {
          const restored = await restoreSite(empty.db, join(dir, 'first.jsonl'));
          assert.equal(restored.badCount, 0, JSON.stringify(restored.bad));
          assert.ok(restored.secrets.secret && restored.secrets.webhookSecret, 'the new site gets new secrets');
          const second = await write(empty.db, join(dir, `second-${target}.jsonl`));
          assert.equal(second, first, `export → import into ${target} → export gives the same file`);
          const again = await restoreSite(empty.db, join(dir, 'first.jsonl'));
          assert.deepEqual(again.imported, {}, 'restoring twice writes nothing');
          assert.equal(await write(empty.db, join(dir, 'third.jsonl')), first);
          const { app: restoredApp, close: closeRestored } = await createApp({ database: empty.url });
          const body = await (await restoredApp.request('/v1/sites/news/bootstrap?page=/a/123.html')).json() as { thread: { replyCount: number }; page: { floors: { number: number }[] } };
          await closeRestored();
          assert.equal(body.thread.replyCount, 4);
          assert.deepEqual(body.page.floors.map((f) => f.number), [2, 3, 4, 5]);
        } finally {
          await empty.drop();
        }
      }
    });

    await t.test('should report a file cut short', async () => {
      const text = await readFile(join(dir, 'first.jsonl'), 'utf8');
      const cut = join(dir, 'cut.jsonl');
      await writeFile(cut, text.split('\n').slice(0, -3).join('\n'));
      const empty = await freshDatabase(dialect);
      try {
        const restored = await restoreSite(empty.db, cut);
        assert.match(restored.bad.at(-1)!.message, /cut short/);
      } finally {
        await empty.drop();
      }
    });
  });
}

test('teahouse import from the command line: plain progress lines off a terminal, bad records with their position, a summary', async () => {
  const { url, db, drop } = await freshDatabase('sqlite');
  try {
    await site(db, 'daily', 'en');
    await db.close();
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, 'import', 'disqus', join(FIXTURES, 'disqus.xml'), '--site', 'daily', '--database', url], (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^bad record at line 71: post 9005 has no readable createdAt$/m);
    assert.match(run.stdout, /^imported into daily from disqus: 5 readers, 2 threads, 6 floors, 0 reactions, 0 balances; 0 already there \(skipped\); 3 bad records; in \d+s$/m);
    const missing = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, 'import', 'disqus', join(FIXTURES, 'disqus.xml'), '--database', url], (error, _stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr });
      });
    });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /required option '--site <id>' not specified/);
  } finally {
    await drop();
  }
});
