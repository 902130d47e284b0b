#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=384
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE, openDatabase, type Database } from './db/database.js';
import { startServer } from './server.js';
import { createApiKey } from './auth/api-keys.js';
import { exportLedger } from './rewards/export.js';
import { addOrigin, listSites, loadSite, removeOrigin, upsertSites } from './sites/sites.js';
import { DEFAULT_OVERLAP_SECONDS, parseDuration, rotateKey, validKeys } from './auth/keys.js';

const USAGE = `Usage: teahouse <command> [options]

Commands:
  serve [--port 8787] [--host 127.0.0.1] [--database URL] [--static DIR] [--log]
        [--trust-proxy ADDR|CIDR|loopback …] [--redis URL]
                          run the API server; forwarding headers count only from
                          --trust-proxy peers, and --redis shares rate limits
  migrate [--database URL]
                          bring the database schema up to date
  site add <id> --name NAME [--secret S] --origin URL [--origin URL …]
                [--login-url URL] [--register-url URL] [--guests] [--trust-token-roles]
                [--database URL]
                          create or update a site (a new site without --secret gets a
                          generated one; an existing site keeps its keys)
  site list [--database URL]
                          list sites and their valid key ids (secrets are not shown)
  site rotate-secret <id> [--overlap 1d] [--database URL]
                          add a new primary signing key (its kid and secret are printed
                          once); older keys stay valid until the overlap ends
  site add-origin <id> <origin> [--database URL]
  site remove-origin <id> <origin> [--database URL]
                          allow or stop allowing a browser origin
  site add-key <id> [--label TEXT] [--database URL]
                          create an admin API key for the site (printed once)
  points export <site> [--format csv|jsonl] [--database URL]
                          print every ledger entry of the site

Environment: DATABASE_URL (default ${DEFAULT_DATABASE}), PORT, HOST,
  TEAHOUSE_TRUST_PROXY (comma-separated), REDIS_URL.
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'migrate':
      return migrate(rest);
    case 'site':
      return site(rest);
    case 'points':
      return points(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

const databaseOption = { database: { type: 'string' } } as const;
const databaseFrom = (value: string | undefined) => value ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE;

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...databaseOption,
      port: { type: 'string' },
      host: { type: 'string' },
      static: { type: 'string' },
      log: { type: 'boolean' },
      'trust-proxy': { type: 'string', multiple: true },
      redis: { type: 'string' },
    },
  });
  const trustProxy = (values['trust-proxy'] ?? [process.env.TEAHOUSE_TRUST_PROXY ?? '']).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const redis = values.redis ?? process.env.REDIS_URL;
  const portText = values.port ?? process.env.PORT ?? '8787';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid port "${portText}"`);
  const server = await startServer({
    database: databaseFrom(values.database),
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    ...(values.static ? { staticDir: values.static } : {}),
    logger: values.log ?? false,
    trustProxy,
    ...(redis ? { redis } : {}),
  });
  process.stdout.write(`teahouse listening on ${server.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: closing\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function migrate(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: databaseOption });
  const db = await openDatabase(databaseFrom(values.database));
  try {
    process.stdout.write(`database is up to date (${db.dialect})\n`);
  } finally {
    await db.close();
  }
}

async function site(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const withDb = async <T>(database: string | undefined, run: (db: Database) => Promise<T>): Promise<T> => {
    const db = await openDatabase(databaseFrom(database));
    try {
      return await run(db);
    } finally {
      await db.close();
    }
  };
  const oneSite = (positionals: string[], what: string, extra = 0): string => {
    if (positionals.length !== 1 + extra) throw new UsageError(`site ${what} takes ${extra ? `a site id and ${extra === 1 ? 'one value' : 'values'}` : 'exactly one site id'}`);
    return positionals[0]!;
  };
  if (sub === 'add') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        ...databaseOption,
        name: { type: 'string' },
        secret: { type: 'string' },
        origin: { type: 'string', multiple: true },
        'login-url': { type: 'string' },
        'register-url': { type: 'string' },
        guests: { type: 'boolean' },
        'trust-token-roles': { type: 'boolean' },
      },
    });
    const id = oneSite(positionals, 'add');
    if (values.secret === '') throw new UsageError('--secret cannot be empty');
    const origins = (values.origin ?? []).map(checkOrigin);
    const generated = await withDb(values.database, async (db) => {
      // An existing site keeps its keys unless a secret is given: re-running `site add` never breaks its host.
      const current = values.secret ?? (await loadSite(db, id).then((s) => s.secret, () => undefined));
      const secret = current ?? randomBytes(32).toString('base64url');
      await upsertSites(db, [{
        id,
        name: values.name ?? id,
        secret,
        origins,
        ...(values['login-url'] ? { loginUrl: values['login-url'] } : {}),
        ...(values['register-url'] ? { registerUrl: values['register-url'] } : {}),
        ...(values.guests ? { guests: true } : {}),
        ...(values['trust-token-roles'] ? { trustTokenRoles: true } : {}),
      }]);
      return current === undefined ? secret : undefined;
    });
    process.stdout.write(`site ${id} saved${generated ? `; its token secret is ${generated}` : ''}\n`);
    return;
  }
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: databaseOption });
    await withDb(values.database, async (db) => {
      for (const s of await listSites(db)) {
        const valid = new Set(validKeys(s).map((key) => key.kid));
        const keys = s.keys.filter((key) => valid.has(key.kid))
          .map((key) => (key.secret === s.secret ? `${key.kid} (primary)` : `${key.kid} (until ${key.expiresAt ?? 'removed'})`));
        const flags = [s.settings.guests ? 'guests' : '', s.settings.trustTokenRoles ? 'trust-token-roles' : ''].filter(Boolean);
        process.stdout.write(`${s.id}\t${s.name}\t${[...s.origins].join(' ') || '(no origins)'}\tkeys: ${keys.join(', ') || '(none)'}${flags.length ? `\t${flags.join(' ')}` : ''}\n`);
      }
    });
    return;
  }
  if (sub === 'rotate-secret') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...databaseOption, overlap: { type: 'string' } } });
    const id = oneSite(positionals, 'rotate-secret');
    const overlap = values.overlap === undefined ? DEFAULT_OVERLAP_SECONDS : parseDuration(values.overlap);
    if (overlap === undefined) throw new UsageError(`invalid --overlap "${values.overlap}": a duration such as 90s, 30m, 12h, 7d or 0`);
    const rotation = await withDb(values.database, (db) => rotateKey(db, id, overlap));
    process.stdout.write(`kid ${rotation.kid}\nsecret ${rotation.secret}\n`);
    process.stderr.write(
      `store this secret now: it is shown once. Sign with it (header kid "${rotation.kid}"); ` +
      `the keys before it stop verifying at ${rotation.oldKeysExpireAt}\n`,
    );
    return;
  }
  if (sub === 'add-origin' || sub === 'remove-origin') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: databaseOption });
    const id = oneSite(positionals, sub, 1);
    const origin = checkOrigin(positionals[1]!);
    const origins = await withDb(values.database, (db) => (sub === 'add-origin' ? addOrigin(db, id, origin) : removeOrigin(db, id, origin)));
    process.stdout.write(`site ${id} origins: ${origins.join(' ') || '(none)'}\n`);
    return;
  }
  if (sub === 'add-key') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...databaseOption, label: { type: 'string' } } });
    const id = oneSite(positionals, 'add-key');
    const key = await withDb(values.database, (db) => createApiKey(db, id, values.label));
    process.stdout.write(`${key}\n`);
    process.stderr.write('store this key now: only its hash is kept, it cannot be shown again\n');
    return;
  }
  throw new UsageError('usage: teahouse site add|list|rotate-secret|add-origin|remove-origin|add-key …');
}

/** An http(s) origin, as browsers send it in `Origin`: scheme, host and port only. */
function checkOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`invalid origin "${text}": e.g. https://news.example.com`);
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname.length > 1 || url.search || url.hash || url.username) {
    throw new UsageError(`invalid origin "${text}": scheme, host and port only, e.g. https://news.example.com`);
  }
  return url.origin;
}

async function points(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'export') throw new UsageError('usage: teahouse points export <site> [--format csv|jsonl]');
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...databaseOption, format: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('points export takes exactly one site id');
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`unknown format "${format}" (csv or jsonl)`);
  const db = await openDatabase(databaseFrom(values.database));
  try {
    await loadSite(db, positionals[0]!);
    await exportLedger(db, positionals[0]!, format, (chunk) => process.stdout.write(chunk));
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`teahouse: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`teahouse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
