import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { startServer } from '../server.js';
import { LOG_LEVELS, createLogger, type LogLevel } from '../observe/log.js';
import { exportLedger } from '../rewards/export.js';
import { loadSite } from '../sites/sites.js';
import { UsageError, action, collect, databaseFrom, databaseOption, withDatabase } from './common.js';
import { siteCommand } from './site.js';
import { stickersCommand } from './stickers.js';
import { exportCommand, importCommand } from './data.js';

interface DatabaseOptions { database?: string }

const version = (): string => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
};

/** Mail for notices: `TEAHOUSE_SMTP_URL`, `TEAHOUSE_SMTP_FROM`, `TEAHOUSE_PUBLIC_URL` (docs/notifications.md). */
function mailFromEnv(host: string, port: number): { mail?: { url: string; from: string; publicUrl: string } } {
  const url = process.env.TEAHOUSE_SMTP_URL;
  if (!url) return {};
  if (!/^smtps?:\/\//.test(url)) throw new UsageError('TEAHOUSE_SMTP_URL must be smtp://… or smtps://…');
  const from = process.env.TEAHOUSE_SMTP_FROM;
  if (!from) throw new UsageError('TEAHOUSE_SMTP_URL needs TEAHOUSE_SMTP_FROM, the From address of notice mail');
  return { mail: { url, from, publicUrl: process.env.TEAHOUSE_PUBLIC_URL || `http://${host.includes(':') ? `[${host}]` : host}:${port}` } };
}

function serveCommand(): Command {
  return new Command('serve')
    .description('run the API server; forwarding headers count only from --trust-proxy peers, and --redis shares rate limits')
    .option('--port <port>', 'port to listen on, 0 for a free one (default: $PORT or 8787)')
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .addOption(databaseOption())
    .option('--static <dir>', 'also serve the files of this folder (the embed, a demo page)')
    .option('--log', 'log every request (JSON lines with a request id; default: $TEAHOUSE_LOG_REQUESTS=1)')
    .addOption(new Option('--log-level <level>', 'least severe level logged (default: $TEAHOUSE_LOG_LEVEL or info)').choices(LOG_LEVELS))
    .option('--trust-proxy <peer>', 'an address, CIDR or "loopback" whose forwarding headers count (repeat for more; default: $TEAHOUSE_TRUST_PROXY)', collect)
    .option('--redis <url>', 'Redis for live events across instances and shared rate limits (default: $REDIS_URL)')
    .option('--s-maxage <seconds>', 'how long a CDN may keep anonymous answers: the longest a post takes to show behind it (default: $TEAHOUSE_S_MAXAGE or 5)')
    .action(action(async (options: DatabaseOptions & {
      port?: string; host?: string; static?: string; log?: boolean; logLevel?: LogLevel; trustProxy?: string[]; redis?: string;
      sMaxage?: string;
    }) => {
      const level = options.logLevel ?? process.env.TEAHOUSE_LOG_LEVEL ?? 'info';
      if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`invalid TEAHOUSE_LOG_LEVEL "${level}" (one of ${LOG_LEVELS.join(', ')})`);
      const metricsToken = process.env.TEAHOUSE_METRICS_TOKEN || undefined;
      if (metricsToken !== undefined && metricsToken.length < 16) throw new UsageError('TEAHOUSE_METRICS_TOKEN must be at least 16 characters');
      const trustProxy = (options.trustProxy ?? [process.env.TEAHOUSE_TRUST_PROXY ?? '']).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
      const redis = options.redis ?? process.env.REDIS_URL;
      const redisPrefix = process.env.TEAHOUSE_REDIS_PREFIX || undefined;
      const sMaxAgeText = options.sMaxage ?? (process.env.TEAHOUSE_S_MAXAGE || undefined);
      if (sMaxAgeText !== undefined && !/^\d{1,7}$/.test(sMaxAgeText)) throw new UsageError(`invalid --s-maxage "${sMaxAgeText}": whole seconds`);
      const portText = options.port ?? process.env.PORT ?? '8787';
      const port = Number(portText);
      if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`invalid port "${portText}"`);
      const server = await startServer({
        database: databaseFrom(options.database),
        port,
        host: options.host ?? process.env.HOST ?? '127.0.0.1',
        ...(options.static ? { staticDir: options.static } : {}),
        logger: options.log ?? process.env.TEAHOUSE_LOG_REQUESTS === '1',
        log: createLogger({ level: level as LogLevel }),
        ...(metricsToken ? { metricsToken } : {}),
        trustProxy,
        ...(redis ? { redis } : {}),
        ...(redisPrefix ? { redisPrefix } : {}),
        ...(sMaxAgeText !== undefined ? { cdn: { sMaxAge: Number(sMaxAgeText) } } : {}),
        ...mailFromEnv(options.host ?? process.env.HOST ?? '127.0.0.1', port),
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
    }));
}

function migrateCommand(): Command {
  return new Command('migrate')
    .description('bring the database schema up to date')
    .addOption(databaseOption())
    .action(action(async (options: DatabaseOptions) => {
      const dialect = await withDatabase(options.database, async (db) => db.dialect);
      process.stdout.write(`database is up to date (${dialect})\n`);
    }));
}

function pointsCommand(): Command {
  const points = new Command('points').description('the points ledger');
  points.command('export')
    .description('print every ledger entry of the site')
    .argument('<site>', 'the site')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .addOption(databaseOption())
    .action(action(async (site: string, options: DatabaseOptions & { format: 'csv' | 'jsonl' }) => {
      await withDatabase(options.database, async (db) => {
        await loadSite(db, site);
        await exportLedger(db, site, options.format, (chunk) => process.stdout.write(chunk));
      });
    }));
  return points;
}

/** The `teahouse` command line: every command and option, with `--help` on each and `--version`. */
export function program(): Command {
  const root = new Command('teahouse')
    .description('Teahouse server: run it, configure sites, bring comments in and take them out')
    .version(version(), '-v, --version')
    .addHelpText('after', `
Environment: DATABASE_URL, PORT, HOST, TEAHOUSE_TRUST_PROXY (comma-separated), REDIS_URL,
TEAHOUSE_REDIS_PREFIX (of Redis keys and channels, default teahouse:), TEAHOUSE_S_MAXAGE.
Run \`teahouse <command> --help\` for a command's options.`);
  for (const command of [serveCommand(), migrateCommand(), siteCommand(), stickersCommand(), importCommand(), exportCommand(), pointsCommand()]) root.addCommand(command);
  // Every command, however deep, reports its own mistakes with its own usage, and never exits by itself.
  const configure = (command: Command) => {
    command.showHelpAfterError().exitOverride();
    for (const sub of command.commands) configure(sub);
  };
  configure(root);
  return root;
}
