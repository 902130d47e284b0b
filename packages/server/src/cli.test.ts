import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken, verifyToken } from './auth/token.js';
import { openDatabase } from './db/database.js';
import { ApiError } from './errors.js';
import { loadSite } from './sites/sites.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));

interface Run { code: number; stdout: string; stderr: string }

/** Runs `teahouse …` in a child process, as an operator would. */
function teahouse(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('teahouse site add|list|rotate-secret|add-origin|remove-origin against a SQLite file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'teahouse-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const database = `sqlite:${join(dir, 'teahouse.db')}`;
  const site = async () => {
    const db = await openDatabase(database);
    try {
      return await loadSite(db, 'news');
    } finally {
      await db.close();
    }
  };

  await t.test('should create a site with a generated secret, printed once', async () => {
    const added = await teahouse(['site', 'add', 'news', '--name', '山城看点', '--origin', 'https://news.example.com', '--guests', '--database', database]);
    assert.equal(added.code, 0, added.stderr);
    const secret = /its token secret is (\S+)/.exec(added.stdout)?.[1];
    assert.ok(secret && secret.length >= 40, added.stdout);
    const stored = await site();
    assert.equal(stored.secret, secret);
    assert.equal(stored.settings.guests, true);
    const again = await teahouse(['site', 'add', 'news', '--name', 'Other', '--database', database]);
    assert.equal(again.code, 1, 'an existing id is refused without --update');
    assert.match(again.stderr, /exists: pass --update/);
    assert.equal((await site()).name, '山城看点');
    const updated = await teahouse(['site', 'add', 'news', '--update', '--origin', 'https://m.example.com', '--database', database]);
    assert.equal(updated.code, 0, updated.stderr);
    assert.doesNotMatch(updated.stdout, /secret/, 'an existing site keeps its secret');
    const kept = await site();
    assert.equal(kept.secret, secret);
    assert.equal(kept.name, '山城看点', 'what was not given is kept');
    assert.equal(kept.settings.guests, true);
    assert.deepEqual([...kept.origins], ['https://news.example.com', 'https://m.example.com']);
    assert.equal((await teahouse(['site', 'remove-origin', 'news', 'https://m.example.com', '--database', database])).code, 0);
  });

  await t.test('should list sites with their key ids and no secrets', async () => {
    const { secret, keys } = await site();
    const listed = await teahouse(['site', 'list', '--database', database]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^news\\t山城看点\\thttps://news.example.com\\tkeys: ${keys[0]!.kid} \\(primary\\)`, 'm'));
    assert.ok(!listed.stdout.includes(secret));
  });

  await t.test('should rotate the secret and keep the old key valid through the overlap', async () => {
    const before = await site();
    const oldToken = await signToken({ id: 'news', secret: before.secret }, { sub: 'u', name: 'U' });
    const rotated = await teahouse(['site', 'rotate-secret', 'news', '--overlap', '2h', '--database', database]);
    assert.equal(rotated.code, 0, rotated.stderr);
    const kid = /^kid (\S+)$/m.exec(rotated.stdout)?.[1];
    const secret = /^secret (\S+)$/m.exec(rotated.stdout)?.[1];
    assert.ok(kid && secret, rotated.stdout);
    assert.match(rotated.stderr, /shown once/);
    const after = await site();
    assert.equal(after.secret, secret);
    const old = after.keys.find((key) => key.secret === before.secret)!;
    const ends = Date.parse(old.expiresAt!) - Date.now();
    assert.ok(ends > 7100_000 && ends <= 7200_000, `the old key ends in two hours, not ${ends} ms`);
    assert.equal((await verifyToken(after, oldToken)).sub, 'u');
    assert.equal((await verifyToken(after, await signToken({ id: 'news', secret }, { sub: 'v', name: 'V' }, 600, { kid }))).sub, 'v');
    const listed = await teahouse(['site', 'list', '--database', database]);
    assert.match(listed.stdout, new RegExp(`keys: ${kid} \\(primary\\), ${old.kid} \\(until ${old.expiresAt}\\)`));

    const now = await teahouse(['site', 'rotate-secret', 'news', '--overlap', '0', '--database', database]);
    assert.equal(now.code, 0, now.stderr);
    const latest = await site();
    await assert.rejects(verifyToken(latest, await signToken({ id: 'news', secret }, { sub: 'v', name: 'V' }, 600, { kid })),
      (e: unknown) => e instanceof ApiError && e.code === 'token_unknown_key');
  });

  await t.test('should refuse a bad overlap, an unknown site and a missing id', async () => {
    const bad = await teahouse(['site', 'rotate-secret', 'news', '--overlap', 'soon', '--database', database]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid --overlap/);
    const unknown = await teahouse(['site', 'rotate-secret', 'nope', '--database', database]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown site "nope"/);
    assert.equal((await teahouse(['site', 'rotate-secret', '--database', database])).code, 2);
    const empty = await teahouse(['site', 'add', 'blank', '--secret', '', '--database', database]);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /cannot be empty/);
  });

  await t.test('should add and remove allowed origins', async () => {
    const added = await teahouse(['site', 'add-origin', 'news', 'https://M.Example.com:443/', '--database', database]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /origins: https:\/\/news.example.com https:\/\/m.example.com$/m);
    assert.equal((await teahouse(['site', 'add-origin', 'news', 'https://m.example.com', '--database', database])).code, 0);
    assert.deepEqual([...(await site()).origins], ['https://news.example.com', 'https://m.example.com']);
    const removed = await teahouse(['site', 'remove-origin', 'news', 'https://news.example.com', '--database', database]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual([...(await site()).origins], ['https://m.example.com']);
    for (const origin of ['news.example.com', 'https://a.example.com/path', 'ftp://a.example.com', 'javascript:alert(1)']) {
      const refused = await teahouse(['site', 'add-origin', 'news', origin, '--database', database]);
      assert.equal(refused.code, 2, origin);
    }
    assert.equal((await teahouse(['site', 'add-origin', 'nope', 'https://a.example.com', '--database', database])).code, 1);
  });
});
