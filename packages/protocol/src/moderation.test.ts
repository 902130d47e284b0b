import test from 'node:test';
import assert from 'node:assert/strict';
import { buildOpenApi } from './openapi.js';
import { BanRequest, FloorAction, MODERATION_ADMIN_TWINS, moderationRoutes, WordLists } from './moderation.js';

type Doc = { paths: Record<string, Record<string, { operationId: string; security?: unknown; responses: Record<string, unknown> }>> };

test('should require a reason to hide or delete, and only then', () => {
  assert.equal(FloorAction.safeParse({ action: 'hide' }).success, false);
  assert.equal(FloorAction.safeParse({ action: 'delete', reason: '   ' }).success, false);
  assert.equal(FloorAction.safeParse({ action: 'hide', reason: 'spam' }).success, true);
  assert.equal(FloorAction.safeParse({ action: 'approve' }).success, true);
  assert.equal(FloorAction.safeParse({ action: 'pin' }).success, true);
  assert.equal(FloorAction.safeParse({ action: 'ban' }).success, false);
  const issue = FloorAction.safeParse({ action: 'hide' }).error?.issues[0];
  assert.deepEqual(issue?.path, ['reason']);
});

test('should take a ban end only as a real date and time with a zone', () => {
  const ban = { user: 'abc_123', reason: 'spam' };
  assert.equal(BanRequest.safeParse(ban).success, true);
  assert.equal(BanRequest.safeParse({ ...ban, until: null }).success, true);
  assert.equal(BanRequest.safeParse({ ...ban, until: '2030-01-01T08:00:00+08:00' }).success, true);
  assert.equal(BanRequest.safeParse({ ...ban, until: '2030-01-01' }).success, false);
  assert.equal(BanRequest.safeParse({ ...ban, until: '2030-02-31T25:00:00Z' }).success, false);
  assert.equal(BanRequest.safeParse({ ...ban, kind: 'forever' }).success, false);
  assert.equal(BanRequest.safeParse({ user: 'abc' }).success, false);
});

test('should trim words and refuse blank or overlong ones', () => {
  assert.deepEqual(WordLists.parse({ banned: [' a '], suspect: [] }), { banned: ['a'], suspect: [] });
  assert.equal(WordLists.safeParse({ banned: ['  '], suspect: [] }).success, false);
  assert.equal(WordLists.safeParse({ banned: ['x'.repeat(101)], suspect: [] }).success, false);
  assert.equal(WordLists.safeParse({ banned: [] }).success, false);
});

test('should document every moderation route, reader paths with the token and admin twins with the key', () => {
  const doc = buildOpenApi() as Doc;
  for (const [name, twin] of Object.entries(MODERATION_ADMIN_TWINS)) {
    const reader = doc.paths[moderationRoutes[name as keyof typeof MODERATION_ADMIN_TWINS]];
    const admin = doc.paths[moderationRoutes[twin]];
    assert.ok(reader && admin, name);
    assert.deepEqual(Object.keys(reader).sort(), Object.keys(admin).sort());
    for (const [method, op] of Object.entries(reader)) {
      assert.deepEqual(op.security, [{ bearer: [] }], `${method} ${name}`);
      assert.ok(op.responses['403'], `${method} ${name} documents 403`);
      assert.deepEqual(admin[method]?.security, [{ adminKey: [] }], `${method} ${twin}`);
      assert.equal(admin[method]?.operationId, `admin${op.operationId[0]!.toUpperCase()}${op.operationId.slice(1)}`);
    }
  }
  assert.deepEqual(doc.paths[moderationRoutes.report]?.post?.security, [{ bearer: [] }]);
});
