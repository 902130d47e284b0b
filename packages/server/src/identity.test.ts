import test from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Bootstrap, Floor, GuestToken, SiteRoles, UserRole } from '@teahouse/protocol';
import { createApp, type App } from './app.js';
import { rotateKey } from './auth/keys.js';
import { signToken, verifyToken } from './auth/token.js';
import { verifyActor } from './auth/visitor.js';
import { migrationProvider } from './db/migrations/index.js';
import type { Dialect } from './db/database.js';
import type { Tables } from './db/schema.js';
import { ApiError } from './errors.js';
import { createApiKey } from './auth/api-keys.js';
import { loadSite, upsertSites, type SiteSeed } from './sites/sites.js';
import { DIALECTS, SITE, OTHER_SITE, errorCode, freshPostgres, testApp, type TestApp } from './test/support.js';

const site = (id: string, extra: Partial<SiteSeed> = {}): SiteSeed => ({
  id, name: `${id} news`, secret: `${id}-secret-that-is-long-enough-for-hs256`, origins: ['https://news.example.com'], ...extra,
});
const ROT = site('rot');
const GUESTS = site('guests', { guests: true, name: '山城看点' });
const TRUST = site('trust', { trustTokenRoles: true, roles: { 'cfg-mod': 'moderator' } });
const KEYED = site('keyed', {
  keys: [
    { kid: 'old', secret: 'an-old-key-that-has-ended-already-0001', expires: '2020-01-01T00:00:00Z' },
    { kid: 'next', secret: 'the-next-key-listed-in-the-configuration' },
  ],
});
const SITES = [SITE, OTHER_SITE, ROT, GUESTS, TRUST, KEYED];

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A token built by hand, so that broken ones can be made exactly as an attacker would. */
function handToken(header: object, payload: object, key: string | null): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${key === null ? '' : createHmac('sha256', key).update(input).digest('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: object = {}) => ({ sub: 'hand', name: 'Hand Made', aud: SITE.id, iat: now(), exp: now() + 600, ...extra });
const HS256 = { alg: 'HS256', typ: 'JWT' };

interface Call { token?: string; body?: unknown; key?: string }
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON and assert on it
type Reply = { status: number; body: any };

async function call(app: App['app'], method: string, path: string, opts: Call = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  const auth = opts.token ?? opts.key;
  if (auth !== undefined) headers.authorization = `Bearer ${auth}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const post = (app: App['app'], siteId: string, token: string, page: string, body = 'hello') =>
  call(app, 'POST', `/v1/sites/${siteId}/floors`, { token, body: { page, body } });

/** Two app instances over one database: what a restart, or a second server, sees. */
async function sharedDatabase(dialect: Dialect): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'postgres') return freshPostgres();
  const dir = await mkdtemp(join(tmpdir(), 'teahouse-identity-'));
  return { url: `sqlite:${join(dir, 'db.sqlite')}`, drop: () => rm(dir, { recursive: true, force: true }) };
}

for (const dialect of DIALECTS) {
  test(`${dialect}: identity`, async (t) => {
    const th: TestApp = await testApp(dialect, { sites: SITES });
    t.after(() => th.close());

    await t.test('should refuse every broken token with 401 and a code that says why', async () => {
      const good = await th.token({ sub: 'tamper', name: 'Tamper' });
      const [h, , s] = good.split('.');
      const cases: [string, string, string][] = [
        ['tampered payload', `${h}.${b64({ ...claims(), sub: 'tamper', name: 'Admin' })}.${s}`, 'token_bad_signature'],
        ['expired', handToken(HS256, claims({ exp: now() - 120 }), SITE.secret), 'token_expired'],
        ['not yet valid (nbf)', handToken(HS256, claims({ nbf: now() + 3600, exp: now() + 7200 }), SITE.secret), 'token_not_yet_valid'],
        ['issued in the future (iat)', handToken(HS256, claims({ iat: now() + 3600, exp: now() + 7200 }), SITE.secret), 'token_not_yet_valid'],
        ['wrong audience', handToken(HS256, claims({ aud: OTHER_SITE.id }), SITE.secret), 'token_wrong_audience'],
        ['no audience', handToken(HS256, claims({ aud: undefined }), SITE.secret), 'token_wrong_audience'],
        ['alg none', handToken({ alg: 'none', typ: 'JWT' }, claims(), null), 'token_bad_algorithm'],
        ['alg None with a signature', handToken({ alg: 'None' }, claims(), SITE.secret), 'token_bad_algorithm'],
        ['alg HS512', handToken({ alg: 'HS512' }, claims(), SITE.secret), 'token_bad_algorithm'],
        ['alg RS256', handToken({ alg: 'RS256' }, claims(), SITE.secret), 'token_bad_algorithm'],
        ['no alg', handToken({ typ: 'JWT' }, claims(), SITE.secret), 'token_bad_algorithm'],
        ['empty signature', handToken(HS256, claims(), null), 'token_bad_signature'],
        ['HMAC with an empty key', handToken(HS256, claims(), ''), 'token_bad_signature'],
        ['wrong key', handToken(HS256, claims(), OTHER_SITE.secret), 'token_bad_signature'],
        ['kid naming no key', handToken({ ...HS256, kid: 'nope' }, claims(), SITE.secret), 'token_unknown_key'],
        ['kid not a string', handToken({ ...HS256, kid: 7 }, claims(), SITE.secret), 'token_malformed'],
        ['no exp', handToken(HS256, claims({ exp: undefined }), SITE.secret), 'token_malformed'],
        ['no sub', handToken(HS256, claims({ sub: undefined }), SITE.secret), 'token_malformed'],
        ['no name', handToken(HS256, claims({ name: undefined }), SITE.secret), 'token_malformed'],
        ['a guest id as sub', handToken(HS256, claims({ sub: 'guest:abcdefghijklmnopqrstuv' }), SITE.secret), 'token_malformed'],
        ['not base64 JSON', 'abc.def.ghi', 'token_malformed'],
        ['two parts', `${h}.${s}`, 'token_malformed'],
      ];
      for (const [name, token, code] of cases) {
        const res = await post(th.app, SITE.id, token, 'broken-tokens');
        assert.equal(res.status, 401, name);
        assert.equal(errorCode(res.body), code, `${name}: ${res.body.error.message}`);
        assert.ok(res.body.error.message.length > 10, name);
        const boot = await call(th.app, 'GET', `/v1/sites/${SITE.id}/bootstrap?page=broken-tokens`, { token });
        assert.equal(boot.status, 401, `bootstrap ${name}`);
        assert.equal(errorCode(boot.body), code, `bootstrap ${name}`);
      }
      const floors = await call(th.app, 'GET', `/v1/sites/${SITE.id}/floors?page=broken-tokens`);
      assert.equal(floors.body.floors.length, 0, 'no refused token wrote anything');
    });

    await t.test('should accept exp, nbf and iat off by less than the clock skew', async () => {
      const token = handToken(HS256, claims({ sub: 'skewed', exp: now() - 10, nbf: now() + 10, iat: now() + 10 }), SITE.secret);
      const res = await post(th.app, SITE.id, token, 'skew');
      assert.equal(res.status, 201, JSON.stringify(res.body));
    });

    await t.test('should verify a kid with that key only, and a token without kid with any valid key', async () => {
      const keyed = await loadSite(th.db, KEYED.id);
      const primary = keyed.keys.find((key) => key.secret === KEYED.secret)!;
      assert.ok(primary, 'the seed secret is a key');
      const next = (sub: string, kid?: string) => signToken({ id: KEYED.id, secret: 'the-next-key-listed-in-the-configuration' }, { sub, name: sub }, 600, kid ? { kid } : {});
      assert.equal((await post(th.app, KEYED.id, await next('n1', 'next'), 'kid')).status, 201);
      assert.equal((await post(th.app, KEYED.id, await next('n2'), 'kid')).status, 201, 'no kid: any valid key');
      const primaryByKid = await signToken(KEYED, { sub: 'p1', name: 'p1' }, 600, { kid: primary.kid });
      assert.equal((await post(th.app, KEYED.id, primaryByKid, 'kid')).status, 201);
      const wrongPair = await next('n3', primary.kid);
      const res = await post(th.app, KEYED.id, wrongPair, 'kid');
      assert.equal(errorCode(res.body), 'token_bad_signature', 'a kid picks its key alone');
      const ended = await signToken({ id: KEYED.id, secret: 'an-old-key-that-has-ended-already-0001' }, { sub: 'o', name: 'o' }, 600, { kid: 'old' });
      const old = await post(th.app, KEYED.id, ended, 'kid');
      assert.equal(old.status, 401);
      assert.equal(errorCode(old.body), 'token_unknown_key');
      assert.match(old.body.error.message, /expired/);
      const endedNoKid = await signToken({ id: KEYED.id, secret: 'an-old-key-that-has-ended-already-0001' }, { sub: 'o', name: 'o' });
      assert.equal(errorCode((await post(th.app, KEYED.id, endedNoKid, 'kid')).body), 'token_bad_signature');
    });

    await t.test('should refuse seeds with empty secrets or bad keys', async () => {
      await assert.rejects(upsertSites(th.db, [site('empty', { secret: '' })]), /non-empty secret/);
      await assert.rejects(upsertSites(th.db, [site('emptykey', { keys: [{ kid: 'a', secret: '' }] })]), /non-empty secret/);
      await assert.rejects(upsertSites(th.db, [site('badkid', { keys: [{ kid: 'a b', secret: 'x' }] })]), /key id/);
      await assert.rejects(upsertSites(th.db, [site('badexp', { keys: [{ kid: 'a', secret: 'x', expires: 'soon' }] })]), /not a date/);
      const exists = await th.db.kysely.selectFrom('sites').select('id').where('id', 'in', ['empty', 'emptykey', 'badkid', 'badexp']).execute();
      assert.deepEqual(exists, []);
    });

    await t.test("should honour a token's role claim only where the site trusts token roles", async () => {
      const untrusted = await post(th.app, SITE.id, await th.token({ sub: 'claims-admin', name: 'Claimer', role: 'admin' }), 'roles');
      assert.equal(untrusted.body.author.role, 'reader');
      const trusted = await post(th.app, TRUST.id, await signToken(TRUST, { sub: 't-mod', name: 'T Mod', role: 'moderator' }), 'roles');
      assert.equal(trusted.body.author.role, 'moderator');
      const bogus = handToken(HS256, { ...claims({ aud: TRUST.id, sub: 't-bogus' }), role: 'owner' }, TRUST.secret);
      assert.equal((await post(th.app, TRUST.id, bogus, 'roles')).body.author.role, 'reader', 'an unknown role claim counts as none');
      const lower = await post(th.app, TRUST.id, await signToken(TRUST, { sub: 'cfg-mod', name: 'Cfg', role: 'reader' }), 'roles');
      assert.equal(lower.body.author.role, 'moderator', 'a claim never lowers the configured role');
      const configured = await post(th.app, SITE.id, await th.token({ sub: 'mod-1', name: 'Mod' }), 'roles');
      assert.equal(configured.body.author.role, 'moderator');
    });

    await t.test('should grant and revoke roles through the admin API with the site key', async () => {
      const key = await createApiKey(th.db, SITE.id);
      const otherKey = await createApiKey(th.db, OTHER_SITE.id);
      const path = (user: string) => `/v1/admin/sites/${SITE.id}/roles/${encodeURIComponent(user)}`;

      assert.equal((await call(th.app, 'PUT', path('r-9'), { body: { role: 'admin' } })).status, 401);
      assert.equal((await call(th.app, 'PUT', path('r-9'), { body: { role: 'admin' }, key: otherKey })).status, 403);
      assert.equal((await call(th.app, 'PUT', path('r-9'), { body: { role: 'admin' }, token: await th.token() })).status, 401);
      for (const body of [{ role: 'reader' }, { role: 'owner' }, {}]) {
        const bad = await call(th.app, 'PUT', path('r-9'), { body, key });
        assert.equal(bad.status, 400, JSON.stringify(body));
        assert.equal(errorCode(bad.body), 'validation_failed');
      }
      assert.equal((await call(th.app, 'PUT', path('x'.repeat(257)), { body: { role: 'admin' }, key })).status, 400);

      const before = await post(th.app, SITE.id, await th.token({ sub: 'r-9', name: 'Nine' }), 'grants');
      assert.equal(before.body.author.role, 'reader');
      const granted = await call(th.app, 'PUT', path('r-9'), { body: { role: 'admin' }, key });
      assert.equal(granted.status, 200);
      assert.deepEqual(UserRole.parse(granted.body), { user: 'r-9', role: 'admin', granted: 'admin', configured: null });
      const after = await post(th.app, SITE.id, await th.token({ sub: 'r-9', name: 'Nine' }), 'grants', 'as admin');
      assert.equal(after.body.author.role, 'admin');
      const earlier = await call(th.app, 'GET', `/v1/sites/${SITE.id}/floors/${before.body.number}?page=grants`);
      assert.equal(earlier.body.author.role, 'admin', 'floors show the stored role, updated by the grant');

      const slash = await call(th.app, 'PUT', path('team/7 ü'), { body: { role: 'moderator' }, key });
      assert.equal(slash.body.user, 'team/7 ü');
      const list = SiteRoles.parse((await call(th.app, 'GET', `/v1/admin/sites/${SITE.id}/roles`, { key })).body);
      assert.deepEqual(list.roles.map((r) => [r.user, r.role, r.granted, r.configured]), [
        ['mod-1', 'moderator', null, 'moderator'], ['r-9', 'admin', 'admin', null], ['team/7 ü', 'moderator', 'moderator', null],
      ]);
      const one = await call(th.app, 'GET', path('mod-1'), { key });
      assert.deepEqual(one.body, { user: 'mod-1', role: 'moderator', granted: null, configured: 'moderator' });

      const asModerator = await call(th.app, 'GET', `/v1/sites/${SITE.id}/moderation/settings`, { token: await th.token({ sub: 'r-9', name: 'Nine' }) });
      assert.equal(asModerator.status, 200, 'the grant makes a moderator at once');

      const revoked = await call(th.app, 'DELETE', path('r-9'), { key });
      assert.deepEqual(revoked.body, { user: 'r-9', role: 'reader', granted: null, configured: null });
      const again = await post(th.app, SITE.id, await th.token({ sub: 'r-9', name: 'Nine' }), 'grants', 'as reader');
      assert.equal(again.body.author.role, 'reader');
      const configGrant = await call(th.app, 'DELETE', path('mod-1'), { key });
      assert.equal(configGrant.body.role, 'moderator', 'revoking leaves the configured role');
    });

    await t.test('should refuse guests where guest mode is off', async () => {
      const res = await call(th.app, 'POST', `/v1/sites/${SITE.id}/guests`, { body: { name: '路人甲' } });
      assert.equal(res.status, 403);
      assert.equal(errorCode(res.body), 'forbidden');
      const boot = Bootstrap.parse((await call(th.app, 'GET', `/v1/sites/${SITE.id}/bootstrap?page=p`)).body);
      assert.equal(boot.site.guests, undefined);
    });

    await t.test('should let a guest post under a nickname, shown as a guest', async () => {
      const created = await call(th.app, 'POST', `/v1/sites/${GUESTS.id}/guests`, { body: { name: '  路人\u3000 甲  ' } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const guest = GuestToken.parse(created.body);
      assert.equal(guest.author.name, '路人 甲');
      assert.equal(guest.author.role, 'guest');
      assert.ok(Date.parse(guest.expiresAt) > Date.now() + 29 * 86400_000);

      const floor = await post(th.app, GUESTS.id, guest.token, 'guest-page', '游客的回复');
      assert.equal(floor.status, 201, JSON.stringify(floor.body));
      const parsed = Floor.parse(floor.body);
      assert.deepEqual(parsed.author, guest.author);

      const boot = Bootstrap.parse((await call(th.app, 'GET', `/v1/sites/${GUESTS.id}/bootstrap?page=guest-page`, { token: guest.token })).body);
      assert.equal(boot.site.guests, true);
      assert.deepEqual(boot.viewer?.user, guest.author);
      const react = await call(th.app, 'PUT', `/v1/sites/${GUESTS.id}/reactions`, { token: guest.token, body: { page: 'guest-page', target: 1, key: 'up', on: true } });
      assert.equal(react.status, 200, 'guests react as themselves');
      const edit = await call(th.app, 'PATCH', `/v1/sites/${GUESTS.id}/floors/${parsed.number}`, { token: guest.token, body: { page: 'guest-page', body: '改过了' } });
      assert.equal(edit.status, 200, 'a guest edits their own floor');

      const points = await call(th.app, 'GET', `/v1/sites/${GUESTS.id}/points/me`, { token: guest.token });
      assert.equal(points.status, 403, 'guests earn no points');
      const twin = await call(th.app, 'POST', `/v1/sites/${GUESTS.id}/guests`, { body: { name: '路人 甲' } });
      assert.equal(twin.status, 201, 'guests may share a nickname: each shows as a guest');
      assert.notEqual(twin.body.author.id, guest.author.id);

      const elsewhere = await post(th.app, SITE.id, guest.token, 'guest-page');
      assert.equal(elsewhere.status, 401, 'a guest token is for its own site only');
      const forged = handToken(HS256, { ...claims({ aud: GUESTS.id, sub: 'abcdefghijklmnopqrstuv' }), type: 'guest' }, GUESTS.secret);
      const forgedPost = await post(th.app, GUESTS.id, forged, 'guest-page');
      assert.equal(forgedPost.status, 401, 'the host secret cannot sign a guest');
      const visitor = handToken(HS256, { ...claims({ aud: GUESTS.id }), type: 'visitor' }, GUESTS.secret);
      assert.equal((await post(th.app, GUESTS.id, visitor, 'guest-page')).status, 401, 'a visitor token cannot post');
    });

    await t.test('should refuse nicknames that are empty, invisible, too long, reserved or a reader\'s name', async () => {
      const registered = await post(th.app, GUESTS.id, await signToken(GUESTS, { sub: 'reg-1', name: 'Reader Zhang' }), 'names');
      assert.equal(registered.status, 201);
      const cases: [string, number][] = [
        ['', 400], ['   ', 400], ['a\u200bb', 400], ['\u202eevil', 400], ['tab\there', 201], ['x'.repeat(25), 400],
        ['一'.repeat(24), 201], ['Admin', 409], ['管理员', 409], ['版主', 409], ['山城看点', 409],
        ['Reader Zhang', 409], ['reader zhang', 409], ['READER ZHANG', 409], ['Reader Zhang2', 201],
      ];
      for (const [name, status] of cases) {
        const res = await call(th.app, 'POST', `/v1/sites/${GUESTS.id}/guests`, { body: { name } });
        assert.equal(res.status, status, `${JSON.stringify(name)}: ${JSON.stringify(res.body)}`);
        if (status !== 201) assert.equal(errorCode(res.body), status === 400 ? 'validation_failed' : 'name_taken');
      }
      const nul = await call(th.app, 'POST', `/v1/sites/${GUESTS.id}/guests`, { body: { name: 'a\u0000b' } });
      assert.equal(nul.status, 400);
      assert.equal((await call(th.app, 'POST', `/v1/sites/${GUESTS.id}/guests`, { body: { nick: 'x' } })).status, 400);
    });

    await t.test('should sign visitor tokens with the server secret and still take older ones', async () => {
      const guests = await loadSite(th.db, GUESTS.id);
      const legacy = handToken(HS256, { aud: GUESTS.id, sub: 'legacy-visitor-0123456789', type: 'visitor', exp: now() + 600 }, GUESTS.secret);
      assert.deepEqual(await verifyActor(guests, legacy), { kind: 'visitor', id: 'legacy-visitor-0123456789' });
      const fresh = handToken(HS256, { aud: GUESTS.id, sub: 'fresh-visitor-0123456789', type: 'visitor', exp: now() + 600 }, guests.serverSecret);
      assert.deepEqual(await verifyActor(guests, fresh), { kind: 'visitor', id: 'fresh-visitor-0123456789' });
      assert.notEqual(guests.serverSecret, guests.secret);
      assert.ok(guests.serverSecret.length >= 40);
    });
  });

  test(`${dialect}: key rotation and restarts`, async (t) => {
    const shared = await sharedDatabase(dialect);
    const apps: App[] = [];
    t.after(async () => {
      for (const app of apps) await app.close();
      await shared.drop();
    });
    const first = await createApp({ database: shared.url, sites: [ROT, GUESTS], limits: false });
    apps.push(first);
    const before = await loadSite(first.db, ROT.id);
    const oldKid = before.keys[0]!.kid;
    const oldNoKid = await signToken(ROT, { sub: 'a', name: 'A' });
    const oldWithKid = await signToken(ROT, { sub: 'b', name: 'B' }, 3600, { kid: oldKid });

    const guest = await call(first.app, 'POST', `/v1/sites/${GUESTS.id}/guests`, { body: { name: 'Early Bird' } });
    assert.equal(guest.status, 201);
    const rotation = await rotateKey(first.db, ROT.id, 5);
    assert.notEqual(rotation.secret, ROT.secret);
    const fresh = { id: ROT.id, secret: rotation.secret };
    const newWithKid = await signToken(fresh, { sub: 'c', name: 'C' }, 3600, { kid: rotation.kid });
    const newNoKid = await signToken(fresh, { sub: 'd', name: 'D' });

    // A restart with the same configuration keeps the rotation: the seed's secret is already known.
    const second = await createApp({ database: shared.url, sites: [ROT, { ...GUESTS, guests: false }], limits: false });
    apps.push(second);
    const after = await loadSite(second.db, ROT.id);
    assert.equal(after.secret, rotation.secret, 'the new key stays primary after a restart');

    await t.test('should take old and new keys during the overlap', async () => {
      for (const [name, token] of Object.entries({ oldNoKid, oldWithKid, newWithKid, newNoKid })) {
        const res = await post(second.app, ROT.id, token, 'rotation');
        assert.equal(res.status, 201, `${name}: ${JSON.stringify(res.body)}`);
      }
    });

    await t.test('should refuse the old key once the overlap has ended', async () => {
      await new Promise((resolve) => setTimeout(resolve, Date.parse(rotation.oldKeysExpireAt) - Date.now() + 300));
      const noKid = await post(second.app, ROT.id, oldNoKid, 'rotation');
      assert.equal(noKid.status, 401);
      assert.equal(errorCode(noKid.body), 'token_bad_signature');
      const withKid = await post(second.app, ROT.id, oldWithKid, 'rotation');
      assert.equal(errorCode(withKid.body), 'token_unknown_key');
      assert.equal((await post(second.app, ROT.id, newWithKid, 'rotation')).status, 201);
      assert.equal((await post(second.app, ROT.id, newNoKid, 'rotation')).status, 201);
    });

    await t.test('should make a new seed secret the only key at once', async () => {
      await upsertSites(second.db, [{ ...ROT, secret: 'a-replaced-secret-after-a-leak-000000001' }]);
      const site = await loadSite(second.db, ROT.id);
      assert.equal(site.secret, 'a-replaced-secret-after-a-leak-000000001');
      await assert.rejects(verifyToken(site, newWithKid), (e: unknown) => e instanceof ApiError && e.code === 'token_unknown_key');
      const user = await verifyToken(site, await signToken({ id: ROT.id, secret: site.secret }, { sub: 'e', name: 'E' }));
      assert.equal(user.sub, 'e');
    });

    await t.test('should refuse guest tokens once the site turns guest mode off', async () => {
      const refused = await post(second.app, GUESTS.id, guest.body.token, 'off');
      assert.equal(refused.status, 403);
      assert.equal(errorCode(refused.body), 'forbidden');
      const boot = await call(second.app, 'GET', `/v1/sites/${GUESTS.id}/bootstrap?page=off`, { token: guest.body.token });
      assert.equal(boot.status, 200, 'the page still loads, anonymously');
      assert.equal(boot.body.viewer, null);
      assert.equal((await call(second.app, 'POST', `/v1/sites/${GUESTS.id}/guests`, { body: { name: 'Late' } })).status, 403);
    });
  });

  test(`${dialect}: 0006_identity keeps existing sites verifying`, async (t) => {
    const pgdb = dialect === 'postgres' ? await freshPostgres() : undefined;
    const pool = pgdb ? new pg.Pool({ connectionString: pgdb.url, max: 2 }) : undefined;
    const db = new Kysely<Tables>({
      dialect: pool ? new PostgresDialect({ pool }) : new SqliteDialect({ database: new BetterSqlite3(':memory:') }),
    });
    t.after(async () => {
      await db.destroy();
      await pgdb?.drop();
    });
    const schema = pgdb ? { migrationTableSchema: (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s } : {};
    const migrator = new Migrator({ db, provider: migrationProvider, ...schema });
    assert.equal((await migrator.migrateTo('0005_rewards')).error, undefined);
    await db.insertInto('sites').values({ id: 'legacy', name: 'Legacy', secret: 'a-legacy-secret-from-before-keys-000001', origins: '[]', settings: '{}', created_at: new Date().toISOString() }).execute();
    assert.equal((await migrator.migrateToLatest()).error, undefined);
    const keys = await db.selectFrom('site_keys').selectAll().execute();
    assert.equal(keys.length, 1);
    assert.equal(keys[0]!.secret, 'a-legacy-secret-from-before-keys-000001');
    assert.equal(keys[0]!.expires_at, null);
    const row = await db.selectFrom('sites').select('server_secret').where('id', '=', 'legacy').executeTakeFirstOrThrow();
    assert.ok(row.server_secret.length >= 40);
    const token = await signToken({ id: 'legacy', secret: 'a-legacy-secret-from-before-keys-000001' }, { sub: 'u', name: 'U' }, 600, { kid: keys[0]!.kid });
    const user = await verifyToken({ id: 'legacy', secret: keys[0]!.secret, keys: [{ kid: keys[0]!.kid, secret: keys[0]!.secret, createdAt: keys[0]!.created_at, expiresAt: null }] }, token);
    assert.equal(user.sub, 'u');
  });
}
