import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RootNode, StickerList } from '@teahouse/protocol';
import { imageType } from './stickers/stickers.js';
import { DIALECTS, OTHER_SITE, SITE, errorCode, freshPostgres, testApp } from './test/support.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));

/** Runs `teahouse …` in a child process, as an operator would. */
function teahouse(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8DwnwGMgRQAH+4D/dJQfRoAAAAASUVORK5CYII=', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(14)]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

test('sticker images are told by their first bytes, never by their name', () => {
  assert.equal(imageType(PNG), 'image/png');
  assert.equal(imageType(GIF), 'image/gif');
  assert.equal(imageType(WEBP), 'image/webp');
  assert.equal(imageType(JPEG), 'image/jpeg');
  assert.equal(imageType(SVG), null);
  assert.equal(imageType(Buffer.from('RIFF\0\0\0\0WAVE')), null);
  assert.equal(imageType(new Uint8Array()), null);
});

const inlines = (tree: RootNode) => (tree.children[0] as { children: unknown[] }).children;

for (const dialect of DIALECTS) {
  test(`teahouse stickers and the sticker routes (${dialect})`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'teahouse-stickers-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const pgdb = dialect === 'postgres' ? await freshPostgres() : undefined;
    t.after(() => pgdb?.drop());
    const database = pgdb?.url ?? `sqlite:${join(dir, 'teahouse.db')}`;
    const pack = async (name: string, files: Record<string, Buffer>) => {
      const folder = join(dir, name);
      await mkdir(folder, { recursive: true });
      for (const [file, bytes] of Object.entries(files)) await writeFile(join(folder, file), bytes);
      return folder;
    };
    // The app seeds the test sites and migrates; the CLI then works on the same database.
    const th = await testApp(dialect, { database });
    t.after(() => th.close());

    await t.test('should install a pack from a folder, in file order, and list it', async () => {
      const folder = await pack('tea', { 'smile.png': PNG, 'cup.gif': GIF, 'leaf.webp': WEBP, 'bun.jpg': JPEG, 'notes.txt': Buffer.from('not an image') });
      const added = await teahouse(['stickers', 'add', SITE.id, 'tea', folder, '--database', database]);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /pack tea installed with 4 stickers/);
      const listed = await teahouse(['stickers', 'list', SITE.id, '--database', database]);
      assert.equal(listed.stdout, 'tea: bun cup leaf smile\n');
      const { status, body, res } = await th.getJson(`/v1/sites/${SITE.id}/stickers`);
      assert.equal(status, 200);
      assert.ok(StickerList.safeParse(body).success);
      assert.deepEqual(body, { packs: [{ name: 'tea', stickers: [{ name: 'bun' }, { name: 'cup' }, { name: 'leaf' }, { name: 'smile' }] }] });
      assert.equal(res.headers.get('cache-control'), 'public, max-age=60');
      assert.deepEqual((await th.getJson(`/v1/sites/${OTHER_SITE.id}/stickers`)).body, { packs: [] }, 'packs are per site');
    });

    await t.test('should serve each image from its own bytes, with long cache headers and an ETag', async () => {
      const res = await th.app.request(`/v1/sites/${SITE.id}/stickers/tea/smile`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(res.headers.get('cache-control'), 'public, max-age=604800, stale-while-revalidate=86400');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
      const etag = res.headers.get('etag')!;
      assert.match(etag, /^"[0-9a-f]{32}"$/);
      const again = await th.app.request(`/v1/sites/${SITE.id}/stickers/tea/smile`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
      assert.equal((await th.app.request(`/v1/sites/${SITE.id}/stickers/tea/cup`)).headers.get('content-type'), 'image/gif');
    });

    await t.test('should answer 404 and 400 with the protocol error body', async () => {
      const missing = await th.getJson(`/v1/sites/${SITE.id}/stickers/tea/nope`);
      assert.equal(missing.status, 404);
      assert.equal(errorCode(missing.body), 'not_found');
      assert.equal((await th.getJson(`/v1/sites/${OTHER_SITE.id}/stickers/tea/smile`)).status, 404, 'not another site\'s');
      for (const path of ['tea/Smile', 'tea/..%2Fsmile', 'Tea/smile', `tea/${'a'.repeat(33)}`]) {
        const bad = await th.getJson(`/v1/sites/${SITE.id}/stickers/${path}`);
        assert.equal(bad.status, 400, path);
        assert.equal(errorCode(bad.body), 'validation_failed');
      }
    });

    await t.test('should refuse what is not an image, too large, badly named or empty, writing nothing', async () => {
      const cases: [string, Record<string, Buffer>, RegExp][] = [
        ['svg', { 'ok.png': PNG, 'evil.png': SVG }, /evil: not a PNG, GIF, WebP or JPEG image/],
        ['big', { 'huge.png': Buffer.concat([PNG, Buffer.alloc(256 * 1024)]) }, /huge: \d+ bytes, more than 262144/],
        ['names', { 'Big Smile.png': PNG }, /Big Smile: a sticker name is lowercase letters/],
        ['twice', { 'a.png': PNG, 'a.gif': GIF }, /a: two files give this name/],
        ['empty', { 'readme.txt': Buffer.from('x') }, /has no \.png, \.gif, \.webp or \.jpg files/],
      ];
      for (const [name, files, message] of cases) {
        const refused = await teahouse(['stickers', 'add', SITE.id, name, await pack(`bad-${name}`, files), '--database', database]);
        assert.equal(refused.code, 2, `${name}: ${refused.stderr}`);
        assert.match(refused.stderr, message);
      }
      const badPack = await teahouse(['stickers', 'add', SITE.id, 'No Pack', join(dir, 'tea'), '--database', database]);
      assert.equal(badPack.code, 2);
      assert.match(badPack.stderr, /pack name "No Pack"/);
      const noSite = await teahouse(['stickers', 'add', 'nosuch', 'tea', join(dir, 'tea'), '--database', database]);
      assert.equal(noSite.code, 2);
      assert.match(noSite.stderr, /no site "nosuch"/);
      assert.equal((await teahouse(['stickers', 'list', SITE.id, '--database', database])).stdout, 'tea: bun cup leaf smile\n');
    });

    await t.test('should turn :pack/name: into a sticker node where the site has it, and leave everything else text', async () => {
      const res = await th.post({ page: 'stickers', body: '好 :tea/smile::tea/cup: :tea/nope: :no/such:tea/leaf: `:tea/smile:` [:tea/smile:](https://news.example.com)' });
      assert.equal(res.status, 201);
      const floor = await res.json() as { body: RootNode };
      assert.deepEqual(inlines(floor.body), [
        { type: 'text', value: '好 ' },
        { type: 'sticker', pack: 'tea', name: 'smile' },
        { type: 'sticker', pack: 'tea', name: 'cup' },
        { type: 'text', value: ' :tea/nope: :no/such' },
        { type: 'sticker', pack: 'tea', name: 'leaf' },
        { type: 'text', value: ' ' },
        { type: 'inlineCode', value: ':tea/smile:' },
        { type: 'text', value: ' ' },
        { type: 'link', url: 'https://news.example.com', children: [{ type: 'text', value: ':tea/smile:' }] },
      ]);
      assert.ok(RootNode.safeParse(floor.body).success);
      const other = await th.app.request(`/v1/sites/${OTHER_SITE.id}/preview`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: ':tea/smile:' }),
      });
      assert.deepEqual(inlines(((await other.json()) as { body: RootNode }).body), [{ type: 'text', value: ':tea/smile:' }], "another site's pack is text");
      const preview = await th.getJson(`/v1/sites/${SITE.id}/preview`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: ':tea/bun:' }),
      });
      assert.deepEqual(inlines(preview.body.body), [{ type: 'sticker', pack: 'tea', name: 'bun' }]);
      for (const hostile of [':tea/<img src=x onerror=alert(1)>:', ':tea/smile" onerror="alert(1):', ':../tea/smile:', ':tea/../../etc:']) {
        const parsed = await th.getJson(`/v1/sites/${SITE.id}/preview`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: hostile }),
        });
        assert.equal(parsed.status, 200);
        assert.ok(!JSON.stringify(parsed.body).includes('"sticker"'), hostile);
      }
    });

    await t.test('should give an edit the same stickers as a post', async () => {
      const created = await (await th.post({ page: 'stickers-edit', body: 'first words' }, { sub: 'editor' })).json() as { number: number };
      const edited = await th.getJson(`/v1/sites/${SITE.id}/floors/${created.number}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${await th.token({ sub: 'editor' })}`, 'content-type': 'application/json' },
        body: JSON.stringify({ page: 'stickers-edit', body: 'now :tea/cup:' }),
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.deepEqual(inlines(edited.body.body), [{ type: 'text', value: 'now ' }, { type: 'sticker', pack: 'tea', name: 'cup' }]);
    });

    await t.test('should replace a pack on a second add and remove it', async () => {
      const replaced = await teahouse(['stickers', 'add', SITE.id, 'tea', await pack('tea2', { 'smile.gif': GIF }), '--database', database]);
      assert.equal(replaced.code, 0, replaced.stderr);
      const res = await th.app.request(`/v1/sites/${SITE.id}/stickers/tea/smile`);
      assert.equal(res.headers.get('content-type'), 'image/gif');
      assert.equal((await th.app.request(`/v1/sites/${SITE.id}/stickers/tea/cup`)).status, 404);
      const removed = await teahouse(['stickers', 'remove', SITE.id, 'tea', '--database', database]);
      assert.equal(removed.code, 0, removed.stderr);
      assert.match(removed.stdout, /pack tea removed \(1 sticker\)/);
      assert.equal((await teahouse(['stickers', 'remove', SITE.id, 'tea', '--database', database])).code, 2);
      assert.deepEqual((await th.getJson(`/v1/sites/${SITE.id}/stickers`)).body, { packs: [] });
    });
  });
}
