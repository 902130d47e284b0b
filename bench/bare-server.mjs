#!/usr/bin/env node
// The baseline bench/server.mjs measures Teahouse against: a minimal Hono + better-sqlite3 server of
// our own on the same libraries, doing the least each kind of request needs. Started by the bench
// with BARE (JSON: { pages, thread, limit, fixedBytes, commits, postgres? }); prints "LISTENING <url>".
//   GET  /keyset      `limit` floors of `thread` (Teahouse's page size; 20 when not given) after the
//                     first page, from one prepared statement, as JSON
//   GET  /fixed       a fixed body of `fixedBytes` (the size of the cached bootstrap on the wire)
//   POST /commit      one row inserted and committed (WAL, synchronous=FULL), 201
//   POST /commit-pg   one row inserted and committed through a pg pool of 10, 201
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/server/package.json', import.meta.url));
const { Hono } = require('hono');
const { serve } = require('@hono/node-server');
const BetterSqlite3 = require('better-sqlite3');

const config = JSON.parse(process.env.BARE ?? '{}');
const pages = new BetterSqlite3(config.pages, { readonly: true });
const limit = config.limit ?? 20;
const page = pages.prepare(
  'select id, number, author_user_id, body_json, status, created_at from floors where thread_id = ? and number > ? order by number limit ?',
);
const commits = new BetterSqlite3(config.commits);
commits.pragma('journal_mode = WAL');
commits.pragma('synchronous = FULL');
commits.exec('create table if not exists posts (id integer primary key, body text not null, created_at text not null)');
const insert = commits.prepare('insert into posts (body, created_at) values (?, ?)');
const fixed = Buffer.from(`"${'x'.repeat(Math.max(0, config.fixedBytes - 2))}"`);

let pool = null;
if (config.postgres) {
  const pg = require('pg');
  pool = new pg.Pool({ connectionString: config.postgres, max: 10 });
  await pool.query('create table if not exists bare_posts (id bigserial primary key, body text not null, created_at text not null)');
}

const app = new Hono();
app.get('/keyset', (c) => c.json(page.all(config.thread, limit + 1, limit)));
app.get('/fixed', (c) => c.body(fixed, 200, { 'content-type': 'application/json; charset=UTF-8' }));
app.post('/commit', async (c) => {
  const { lastInsertRowid } = insert.run(await c.req.text(), new Date().toISOString());
  return c.json({ id: Number(lastInsertRowid) }, 201);
});
app.post('/commit-pg', async (c) => {
  const { rows } = await pool.query('insert into bare_posts (body, created_at) values ($1, $2) returning id', [await c.req.text(), new Date().toISOString()]);
  return c.json({ id: rows[0].id }, 201);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`LISTENING http://127.0.0.1:${info.port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
