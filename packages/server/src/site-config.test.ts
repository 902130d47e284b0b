import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createApp } from './app.js';
import { openDatabase } from './db/database.js';
import { signToken } from './auth/token.js';
import { loadSite } from './sites/sites.js';
import { DIALECTS, freshPostgres } from './test/support.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));

interface Run { code: number; stdout: string; stderr: string }

/** Runs `teahouse …` in a child process against `database`, as an operator would. */
function teahouse(database: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args, ...(database ? ['--database', database] : [])], { env: { ...process.env, DATABASE_URL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function ok(database: string, args: string[]): Promise<Run> {
  const run = await teahouse(database, args);
  assert.equal(run.code, 0, `teahouse ${args.join(' ')}: ${run.stderr}`);
  return run;
}

/** A fresh database of the dialect, and its removal. */
async function fresh(dialect: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'postgres') return freshPostgres();
  const dir = await mkdtemp(join(tmpdir(), 'teahouse-config-'));
  return { url: `sqlite:${join(dir, 'teahouse.db')}`, drop: () => rm(dir, { recursive: true, force: true }) };
}

test('teahouse --version and --help, and an unknown option answered with the usage', async () => {
  const version = await ok('', ['--version']);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  const help = await ok('', ['import', '--help']);
  assert.match(help.stdout, /Usage: teahouse import/);
  for (const command of [['site', 'set', '--help'], ['serve', '--help'], ['export', '--help']]) {
    assert.match((await ok('', command)).stdout, new RegExp(`Usage: teahouse ${command.slice(0, -1).join(' ')}`));
  }
  const unknown = await teahouse('', ['site', 'show', 'x', '--colour', 'red']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--colour'/);
  assert.match(unknown.stderr, /Usage: teahouse site show \[options\] <id>/);
  const command = await teahouse('', ['sight']);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /unknown command 'sight'/);
});

for (const dialect of DIALECTS) {
  test(`configuring sites without code (${dialect})`, async (t) => {
    const { url: database, drop } = await fresh(dialect);
    t.after(drop);
    const dir = await mkdtemp(join(tmpdir(), 'teahouse-config-files-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const bootstrap = async (site: string) => {
      const { app, close } = await createApp({ database });
      try {
        const res = await app.request(`/v1/sites/${site}/bootstrap?page=a-1`);
        const rules = await app.request(`/v1/sites/${site}/points/rules`);
        return { bootstrap: await res.json() as { site: { reactions?: { options: { key: string; labels: Record<string, string> }[] } } }, rules: await rules.json() as { currency: { name: string }; rules: { channel?: string }[] } };
      } finally {
        await close();
      }
    };

    await t.test('should give an English site neutral defaults and a Chinese one the forum', async () => {
      await ok(database, ['site', 'add', 'en-news', '--name', 'Daily', '--locale', 'en', '--origin', 'https://daily.example.com']);
      await ok(database, ['site', 'add', 'zh-news', '--name', '山城看点', '--origin', 'https://news.example.com']);
      const en = await bootstrap('en-news');
      assert.deepEqual(en.bootstrap.site.reactions?.options.map((o) => o.labels.en), ['Upvote', 'Downvote']);
      assert.deepEqual(en.bootstrap.site.reactions?.options.map((o) => o.key), ['up', 'down'], 'the same keys: counts carry over');
      assert.equal(en.rules.currency.name, 'points');
      assert.deepEqual(en.rules.rules.flatMap((r) => r.channel ?? []), ['x', 'facebook', 'linkedin', 'email', 'link', 'system']);
      const zh = await bootstrap('zh-news');
      assert.deepEqual(zh.bootstrap.site.reactions?.options.map((o) => o.labels['zh-CN']), ['牛逼', '垃圾']);
      assert.equal(zh.rules.currency.name, '看点币');
      assert.ok(zh.rules.rules.some((r) => r.channel === 'wechat_moments'));
    });

    await t.test('should set and unset settings by dotted key, validated, and name the key that is wrong', async () => {
      await ok(database, ['site', 'set', 'en-news', 'rewards.currency.name', 'Karma']);
      await ok(database, ['site', 'set', 'en-news', 'reactions.set', 'forum']);
      await ok(database, ['site', 'set', 'en-news', 'maxDepth', '4']);
      await ok(database, ['site', 'set', 'en-news', 'limits.posts.perUser', '[5, 60]']);
      await ok(database, ['site', 'set', 'en-news', 'moderation', '{reportThreshold: 2, premoderation: first}']);
      await ok(database, ['site', 'set', 'en-news', 'roles.editor-1', 'moderator']);
      await ok(database, ['site', 'set', 'en-news', 'rulesUrl', 'https://daily.example.com/points']);
      await ok(database, ['site', 'set', 'en-news', 'name', 'The Daily']);
      // Text where text is wanted, even when it reads as a number.
      await ok(database, ['site', 'set', 'zh-news', 'rewards.currency.name', '2024']);
      const db = await openDatabase(database);
      try {
        const site = await loadSite(db, 'en-news');
        assert.equal(site.name, 'The Daily');
        assert.deepEqual(site.settings.rewards, { currency: { name: 'Karma' } });
        assert.deepEqual(site.settings.reactions, { set: 'forum' });
        assert.equal(site.settings.maxDepth, 4);
        assert.deepEqual(site.settings.limits, { posts: { perUser: [5, 60] } });
        assert.deepEqual(site.settings.moderation, { reportThreshold: 2, premoderation: 'first' });
        assert.deepEqual(site.settings.roles, { 'editor-1': 'moderator' });
        assert.equal((await loadSite(db, 'zh-news')).settings.rewards?.currency?.name, '2024');
      } finally {
        await db.close();
      }
      const en = await bootstrap('en-news');
      assert.deepEqual(en.bootstrap.site.reactions?.options.map((o) => o.labels['zh-CN']), ['牛逼', '垃圾']);
      assert.equal(en.rules.currency.name, 'Karma');

      for (const [key, value, why] of [
        ['maxDepth', '30', /maxDepth: Too big/],
        ['rewards.dailyCap', '-1', /rewards\.dailyCap: Too small/],
        ['reactions.set', 'sparkles', /reactions\.set/],
        ['rewards.rules', '[{action: share, points: 5}]', /rewards\.rules\[0\]\.cycle/],
        ['colour', 'red', /colour: not a setting/],
        ['locale', 'fr', /locale: Invalid option/],
        ['loginUrl', 'javascript:alert(1)', /loginUrl: .*http/],
      ] as const) {
        const refused = await teahouse(database, ['site', 'set', 'en-news', key, value]);
        assert.equal(refused.code, 2, `${key} ${value}: ${refused.stdout}`);
        assert.match(refused.stderr, why);
      }
      assert.equal((await teahouse(database, ['site', 'set', 'nope', 'maxDepth', '3'])).code, 1);

      assert.match((await ok(database, ['site', 'unset', 'en-news', 'reactions.set'])).stdout, /removed/);
      assert.match((await ok(database, ['site', 'unset', 'en-news', 'reactions.set'])).stdout, /was not set/);
      const back = await bootstrap('en-news');
      assert.deepEqual(back.bootstrap.site.reactions?.options.map((o) => o.labels.en), ['Upvote', 'Downvote'], 'the locale default again');
    });

    await t.test('should apply a YAML or JSON file, reporting each wrong key with its line', async () => {
      const bad = join(dir, 'bad.yaml');
      await writeFile(bad, [
        'sites:',
        '  - id: en-news',
        '    rewards:',
        '      dailyCap: lots',
        '  - id: fresh',
        '    locale: en',
        '    colour: red',
        '',
      ].join('\n'));
      const refused = await teahouse(database, ['site', 'apply', bad]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /bad\.yaml:4:\d+: sites\[0\]\.rewards\.dailyCap: /);
      assert.match(refused.stderr, /bad\.yaml:7:\d+: sites\[1\]\.colour: not a setting/);
      assert.equal((await teahouse(database, ['site', 'show', 'fresh'])).code, 1, 'nothing of a refused file is written');

      const good = join(dir, 'sites.yaml');
      await writeFile(good, [
        'sites:',
        '  - id: en-news',
        '    origins: [https://www.daily.example.com]',
        '    rewards:',
        '      currency: {name: Stars}',
        '      webhookUrl: https://shop.daily.example.com/hook',
        '      webhookSecret: a-webhook-secret-of-some-length',
        '  - id: fresh',
        '    name: Fresh Site',
        '    locale: zh-TW',
        '    guests: true',
        '',
      ].join('\n'));
      const applied = await ok(database, ['site', 'apply', good]);
      assert.match(applied.stdout, /site en-news updated \(rewards, origins\)/);
      assert.match(applied.stdout, /site fresh created; its token secret is \S{40,}/);

      const json = join(dir, 'site.json');
      await writeFile(json, '{\n  "id": "fresh",\n  "maxDepth": "3"\n}\n');
      const wrongJson = await teahouse(database, ['site', 'apply', json]);
      assert.equal(wrongJson.code, 2);
      assert.match(wrongJson.stderr, /site\.json:3:\d+: maxDepth: Invalid input: expected number/);
      await writeFile(json, '{ "id": "fresh", "maxDepth": 3 }');
      assert.match((await ok(database, ['site', 'apply', json])).stdout, /site fresh updated \(maxDepth\)/);

      const db = await openDatabase(database);
      try {
        const en = await loadSite(db, 'en-news');
        assert.deepEqual([...en.origins], ['https://daily.example.com', 'https://www.daily.example.com'], 'origins are added, never dropped');
        assert.equal(en.settings.maxDepth, 4, 'a setting the file does not name is kept');
        const fresh = await loadSite(db, 'fresh');
        assert.equal(fresh.name, 'Fresh Site');
        assert.equal(fresh.settings.guests, true);
        assert.equal(fresh.settings.maxDepth, 3);
        assert.equal(fresh.settings.locale, 'zh-TW');
      } finally {
        await db.close();
      }
    });

    await t.test('should show a site with its secrets masked, and apply the shown file back unchanged', async () => {
      const db = await openDatabase(database);
      const before = await loadSite(db, 'en-news').finally(() => db.close());
      const shown = await ok(database, ['site', 'show', 'en-news']);
      assert.ok(!shown.stdout.includes(before.secret), 'the signing secret is not shown');
      assert.ok(!shown.stdout.includes('a-webhook-secret-of-some-length'), 'the webhook secret is masked');
      assert.match(shown.stdout, /webhookSecret: "\*{8}-masked-\*{8}"/);
      assert.match(shown.stdout, new RegExp(`# signing keys: ${before.keys[0]!.kid} \\(primary\\)`));
      const definition = parse(shown.stdout) as Record<string, unknown>;
      assert.equal(definition.id, 'en-news');
      assert.equal(definition.name, 'The Daily');
      const file = join(dir, 'shown.yaml');
      await writeFile(file, shown.stdout);
      assert.match((await ok(database, ['site', 'apply', file])).stdout, /nothing changed/);
      const again = await openDatabase(database);
      try {
        assert.equal((await loadSite(again, 'en-news')).settings.rewards?.webhookSecret, 'a-webhook-secret-of-some-length');
      } finally {
        await again.close();
      }
      const json = JSON.parse((await ok(database, ['site', 'show', 'en-news', '--format', 'json'])).stdout) as { apiKeys: unknown[] };
      assert.deepEqual(json.apiKeys, []);
    });

    await t.test('should revoke an admin API key by its id, refused at once', async () => {
      const added = await ok(database, ['site', 'add-key', 'en-news', '--label', 'shop']);
      const key = added.stdout.trim();
      const keyId = /key id (\S+):/.exec(added.stderr)?.[1];
      assert.ok(keyId, added.stderr);
      const call = async () => {
        const { app, close } = await createApp({ database });
        try {
          return (await app.request('/v1/admin/sites/en-news/moderation/queue', { headers: { authorization: `Bearer ${key}` } })).status;
        } finally {
          await close();
        }
      };
      assert.equal(await call(), 200);
      assert.match((await ok(database, ['site', 'show', 'en-news'])).stdout, new RegExp(`# API keys: ${keyId} "shop"`));
      assert.match((await ok(database, ['site', 'revoke-key', 'en-news', keyId])).stdout, /revoked/);
      assert.equal(await call(), 401);
      assert.match((await ok(database, ['site', 'revoke-key', 'en-news', key])).stdout, /already revoked/);
      assert.equal((await teahouse(database, ['site', 'revoke-key', 'zh-news', keyId])).code, 1, "another site's key is not found");
    });

    await t.test('should set a site\'s token issuer from the CLI and from a file, and refuse tokens of another', async () => {
      await ok(database, ['site', 'set', 'en-news', 'issuer', 'https://daily.example.com']);
      const reader = async (issuer?: string) => {
        const db = await openDatabase(database);
        let site;
        try {
          site = await loadSite(db, 'en-news');
        } finally {
          await db.close();
        }
        const token = await signToken(site, { sub: 'r-1', name: 'R' }, 600, issuer === undefined ? {} : { issuer });
        const { app, close } = await createApp({ database });
        try {
          const res = await app.request('/v1/sites/en-news/bootstrap?page=a-1', { headers: { authorization: `Bearer ${token}` } });
          return { status: res.status, body: await res.json() as { error?: { code: string } } };
        } finally {
          await close();
        }
      };
      assert.equal((await reader('https://daily.example.com')).status, 200);
      for (const issuer of ['https://evil.example.com', undefined]) {
        const refused = await reader(issuer);
        assert.equal(refused.status, 401, String(issuer));
        assert.equal(refused.body.error?.code, 'token_wrong_issuer');
      }
      assert.match((await ok(database, ['site', 'show', 'en-news'])).stdout, /issuer: https:\/\/daily\.example\.com/);
      for (const [value, why] of [['""', /issuer: Too small/], ['"padded "', /issuer: an issuer without surrounding spaces/]] as const) {
        const bad = await teahouse(database, ['site', 'set', 'en-news', 'issuer', value]);
        assert.equal(bad.code, 2, value);
        assert.match(bad.stderr, why);
      }
      const file = join(dir, 'issuer.yaml');
      await writeFile(file, 'id: en-news\nissuer: accounts.daily.example.com\n');
      await ok(database, ['site', 'apply', file]);
      assert.equal((await reader('accounts.daily.example.com')).status, 200);
      assert.match((await ok(database, ['site', 'unset', 'en-news', 'issuer'])).stdout, /removed/);
      assert.equal((await reader()).status, 200, 'iss is not checked once the issuer is unset');
    });

    await t.test('should remove a site only when told so', async () => {
      const refused = await teahouse(database, ['site', 'remove', 'fresh']);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /pass --yes/);
      assert.match((await ok(database, ['site', 'remove', 'fresh', '--yes'])).stdout, /site fresh removed with its 0 threads/);
      assert.equal((await teahouse(database, ['site', 'show', 'fresh'])).code, 1);
      assert.equal((await teahouse(database, ['site', 'remove', 'fresh', '--yes'])).code, 1);
    });
  });
}
