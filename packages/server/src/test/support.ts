import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp, type App, type AppOptions } from '../app.js';
import { signToken, type TokenClaims } from '../auth/token.js';
import type { Dialect } from '../db/database.js';
import type { SiteSeed } from '../sites/sites.js';

/** Set TEAHOUSE_TEST_DIALECTS=sqlite to skip Postgres on a machine without one. */
export const DIALECTS: Dialect[] = (process.env.TEAHOUSE_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

export const POSTGRES_URL = process.env.TEAHOUSE_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';

export const SITE: SiteSeed = {
  id: 'demo',
  name: 'Demo News',
  secret: 'demo-secret-that-is-long-enough-for-hs256',
  origins: ['https://news.example.com'],
  loginUrl: 'https://news.example.com/login',
  roles: { 'mod-1': 'moderator' },
};

export const OTHER_SITE: SiteSeed = {
  id: 'other',
  name: 'Other',
  secret: 'another-secret-entirely-different-value',
  origins: ['https://other.example.com'],
};

export interface TestApp extends App {
  token(claims?: Partial<TokenClaims>, ttlSeconds?: number): Promise<string>;
  /** POST a floor as `sub`; returns the raw response. */
  post(body: unknown, claims?: Partial<TokenClaims>): Promise<Response>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON and assert on it
  getJson<T = any>(path: string, init?: RequestInit): Promise<{ status: number; body: T; res: Response }>;
}

/** A Postgres database string pointing at a schema of its own, plus a way to drop it. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `th_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** An in-memory SQLite or fresh-schema Postgres app with the test sites. */
export async function testApp(dialect: Dialect, options: AppOptions = {}): Promise<TestApp> {
  let database = options.database;
  let drop: (() => Promise<void>) | undefined;
  if (!database) {
    if (dialect === 'postgres') {
      const pgdb = await freshPostgres();
      database = pgdb.url;
      drop = pgdb.drop;
    } else {
      database = 'sqlite::memory:';
    }
  }
  // Limits are off unless a test asks for them (`limits: {}` for the built-in ones): abuse.test.ts covers them.
  let created: App;
  try {
    created = await createApp({ sites: [SITE, OTHER_SITE], limits: false, checkResponses: true, ...options, database });
  } catch (error) {
    await drop?.();
    throw error;
  }
  const token = (claims: Partial<TokenClaims> = {}, ttl?: number) =>
    signToken(SITE, { sub: 'reader-1', name: 'Reader One', ...claims }, ttl);
  return {
    ...created,
    token,
    async post(body, claims) {
      return created.app.request(`/v1/sites/${SITE.id}/floors`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token(claims)}`, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async getJson(path, init) {
      const res = await created.app.request(path, init);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, res };
    },
    async close() {
      await created.close();
      await drop?.();
    },
  };
}

/** Asserts the protocol error shape and returns its code. */
export function errorCode(body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string') {
    throw new Error(`not an error body: ${JSON.stringify(body)}`);
  }
  return error.code;
}
