import test from 'node:test';
import assert from 'node:assert/strict';
import { FloorRegion } from '@teahouse/protocol';
import { signToken } from './auth/token.js';
import { lookupRegion, regionFor, regionNames, showsRegion } from './region/regions.js';
import { startServer, type RunningServer } from './server.js';
import { setSetting } from './sites/config.js';
import { parseValue } from './sites/file.js';
import { loadSite, type SiteSeed } from './sites/sites.js';
import { DIALECTS, freshPostgres } from './test/support.js';

// Public addresses whose regions were looked up in the ip2region data the package ships.
const GUANGXI = '202.103.224.68';
const SHANDONG = '58.59.0.1';
const TAIWAN = '1.34.0.1';
const UNITED_STATES = '8.8.8.8';
const GUANGDONG_V6 = '240e:47d:c20:1627:30a3:ba0d:a5e6:ec19';

const seed = (id: string, extra: Partial<SiteSeed> = {}): SiteSeed => ({
  id, name: id, secret: `${id}-secret-that-is-long-enough-for-hs256`, origins: ['https://news.example.com'], ...extra,
});
const ZH = seed('zh');
const EN = seed('en', { locale: 'en' });
const EN_ON = seed('en-on', { locale: 'en', ipRegion: true });
const TW_OFF = seed('tw-off', { locale: 'zh-TW', ipRegion: false });
const SITES = [ZH, EN, EN_ON, TW_OFF];

test('region lookup: provinces of China and countries, from the offline data, never from a private address', () => {
  assert.equal(lookupRegion(GUANGXI), 'CN-GX');
  assert.equal(lookupRegion(SHANDONG), 'CN-SD');
  assert.equal(lookupRegion(TAIWAN), 'CN-TW');
  assert.equal(lookupRegion(UNITED_STATES), 'US');
  assert.equal(lookupRegion(GUANGDONG_V6), 'CN-GD');
  for (const address of ['127.0.0.1', '10.1.2.3', '192.168.0.9', '::1', 'unknown', '', 'not an address']) {
    assert.equal(lookupRegion(address), null, address);
  }
  assert.deepEqual(regionNames('CN-GX'), { code: 'CN-GX', 'zh-CN': '广西', 'zh-TW': '廣西', en: 'Guangxi' });
  assert.deepEqual(regionNames('US'), { code: 'US', 'zh-CN': '美国', 'zh-TW': '美國', en: 'United States' });
  assert.equal(regionNames('XX'), null);
});

for (const dialect of DIALECTS) {
  test(`IP属地 on floors (${dialect})`, async (t) => {
    const pgdb = dialect === 'postgres' ? await freshPostgres() : undefined;
    t.after(() => pgdb?.drop());
    const database = pgdb?.url ?? 'sqlite::memory:';
    const proxied = await startServer({ port: 0, database, sites: SITES, limits: false, checkResponses: true, trustProxy: ['loopback'] });
    t.after(() => proxied.close());

    const post = async (server: RunningServer, site: SiteSeed, forwardedFor: string | undefined, page: string, sub = 'reader') => {
      const token = await signToken(site, { sub, name: sub });
      const res = await fetch(`${server.url}/v1/sites/${site.id}/floors`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`, 'content-type': 'application/json',
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
        body: JSON.stringify({ page, body: `posted from ${page}` }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return (await res.json()) as { number: number; region?: FloorRegion };
    };

    await t.test('should record the province of a Chinese address forwarded by a trusted proxy, in three locales', async () => {
      const floor = await post(proxied, ZH, GUANGXI, 'gx');
      assert.deepEqual(floor.region, { code: 'CN-GX', 'zh-CN': '广西', 'zh-TW': '廣西', en: 'Guangxi' });
      assert.ok(FloorRegion.safeParse(floor.region).success);
      const ipv6 = await post(proxied, ZH, `${GUANGDONG_V6}, 127.0.0.1`, 'gx', 'reader-2');
      assert.equal(ipv6.region?.code, 'CN-GD');
      // The thread's pages show it as posted.
      const page = await (await fetch(`${proxied.url}/v1/sites/zh/floors?page=gx`)).json() as { floors: { number: number; region?: FloorRegion }[] };
      assert.deepEqual(page.floors.map((f) => f.region?.['zh-CN']), ['广西', '广东']);
      const boot = await (await fetch(`${proxied.url}/v1/sites/zh/bootstrap?page=gx`)).json() as { page: { floors: { region?: FloorRegion }[] } };
      assert.deepEqual(boot.page.floors.map((f) => f.region?.en), ['Guangxi', 'Guangdong']);
    });

    await t.test('should record the country of an address outside China', async () => {
      const floor = await post(proxied, ZH, UNITED_STATES, 'us');
      assert.deepEqual(floor.region, { code: 'US', 'zh-CN': '美国', 'zh-TW': '美國', en: 'United States' });
      assert.equal((await post(proxied, ZH, TAIWAN, 'tw')).region?.['zh-TW'], '臺灣');
    });

    await t.test('should store the region only, never the address', async () => {
      await post(proxied, ZH, SHANDONG, 'sd');
      const rows = await proxied.db.kysely.selectFrom('floors').selectAll().execute();
      const dump = JSON.stringify(rows);
      for (const address of [GUANGXI, SHANDONG, UNITED_STATES, TAIWAN, GUANGDONG_V6]) assert.ok(!dump.includes(address), address);
      assert.ok(rows.some((row) => row.region === 'CN-SD'));
    });

    await t.test('should record nothing for a private address or a peer without a trusted proxy', async () => {
      assert.equal((await post(proxied, ZH, '10.1.2.3', 'private')).region, undefined);
      assert.equal((await post(proxied, ZH, undefined, 'private', 'reader-3')).region, undefined, 'the socket is 127.0.0.1');
      const direct = await startServer({ port: 0, database: 'sqlite::memory:', sites: SITES, limits: false, checkResponses: true });
      t.after(() => direct.close());
      // The header comes from a peer nobody vouches for: the socket's loopback address is the client.
      assert.equal((await post(direct, ZH, GUANGXI, 'untrusted')).region, undefined);
    });

    await t.test('should follow the site setting: off by default in English, on when set, off when unset for Chinese', async () => {
      assert.equal((await post(proxied, EN, GUANGXI, 'en')).region, undefined);
      assert.equal((await post(proxied, EN_ON, GUANGXI, 'en')).region?.en, 'Guangxi');
      assert.equal((await post(proxied, TW_OFF, GUANGXI, 'tw')).region, undefined);
      const stored = await proxied.db.kysely.selectFrom('floors as f').innerJoin('threads as t', 't.id', 'f.thread_id')
        .select(['t.site_id', 'f.region']).where('t.site_id', 'in', ['en', 'tw-off']).execute();
      assert.deepEqual(stored.map((r) => r.region), [null, null]);
    });

    await t.test('should turn off with `site set … ipRegion false`, as the CLI writes it', async () => {
      assert.equal(regionFor(await loadSite(proxied.db, 'zh'), GUANGXI), 'CN-GX');
      await setSetting(proxied.db, 'zh', 'ipRegion', 'false', parseValue);
      const site = await loadSite(proxied.db, 'zh');
      assert.equal(showsRegion(site), false);
      assert.equal(regionFor(site, GUANGXI), null);
      await assert.rejects(setSetting(proxied.db, 'zh', 'ipRegion', 'sometimes', parseValue), /ipRegion/);
    });
  });
}
