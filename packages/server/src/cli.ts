#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE, openDatabase } from './db/database.js';
import { startServer } from './server.js';
import { createApiKey } from './middleware/admin-key/admin-key.js';
import { exportLedger } from './rewards/export.js';
import { listSites, loadSite, upsertSites } from './sites/sites.js';

const USAGE = `Usage: teahouse <command> [options]

Commands:
  serve [--port 8787] [--host 127.0.0.1] [--database URL] [--static DIR] [--log]
                          run the API server
  migrate [--database URL]
                          bring the database schema up to date
  site add <id> --name NAME [--secret S] --origin URL [--origin URL …]
                [--login-url URL] [--register-url URL] [--database URL]
                          create or update a site (a secret is generated when omitted)
  site list [--database URL]
                          list sites (secrets are not shown)
  site add-key <id> [--label TEXT] [--database URL]
                          create an admin API key for the site (printed once)
  points export <site> [--format csv|jsonl] [--database URL]
                          print every ledger entry of the site

Environment: DATABASE_URL (default ${DEFAULT_DATABASE}), PORT, HOST.
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
    },
  });
  const portText = values.port ?? process.env.PORT ?? '8787';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid port "${portText}"`);
  const server = await startServer({
    database: databaseFrom(values.database),
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    ...(values.static ? { staticDir: values.static } : {}),
    logger: values.log ?? false,
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
  const db = openDatabase(databaseFrom(values.database));
  try {
    await db.ready;
    process.stdout.write(`database is up to date (${db.dialect})\n`);
  } finally {
    await db.close();
  }
}

async function site(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
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
      },
    });
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new UsageError('site add takes exactly one site id');
    const secret = values.secret ?? randomBytes(32).toString('base64url');
    const db = openDatabase(databaseFrom(values.database));
    try {
      await upsertSites(db, [{
        id,
        name: values.name ?? id,
        secret,
        origins: values.origin ?? [],
        ...(values['login-url'] ? { loginUrl: values['login-url'] } : {}),
        ...(values['register-url'] ? { registerUrl: values['register-url'] } : {}),
      }]);
    } finally {
      await db.close();
    }
    process.stdout.write(`site ${id} saved${values.secret ? '' : `; its token secret is ${secret}`}\n`);
    return;
  }
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: databaseOption });
    const db = openDatabase(databaseFrom(values.database));
    try {
      for (const s of await listSites(db)) {
        process.stdout.write(`${s.id}\t${s.name}\t${[...s.origins].join(' ') || '(no origins)'}\n`);
      }
    } finally {
      await db.close();
    }
    return;
  }
  if (sub === 'add-key') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...databaseOption, label: { type: 'string' } } });
    if (positionals.length !== 1) throw new UsageError('site add-key takes exactly one site id');
    const db = openDatabase(databaseFrom(values.database));
    try {
      const key = await createApiKey(db, positionals[0]!, values.label);
      process.stdout.write(`${key}\n`);
      process.stderr.write('store this key now: only its hash is kept, it cannot be shown again\n');
    } finally {
      await db.close();
    }
    return;
  }
  throw new UsageError('usage: teahouse site add <id> … | teahouse site add-key <id> | teahouse site list');
}

async function points(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'export') throw new UsageError('usage: teahouse points export <site> [--format csv|jsonl]');
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...databaseOption, format: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('points export takes exactly one site id');
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`unknown format "${format}" (csv or jsonl)`);
  const db = openDatabase(databaseFrom(values.database));
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
