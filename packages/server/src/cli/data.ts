import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command, Option } from 'commander';
import { artransSource } from '../import/artrans.js';
import { discuzSource } from '../import/discuz.js';
import { disqusSource } from '../import/disqus.js';
import { runImport } from '../import/run.js';
import { restoreSite } from '../import/teahouse.js';
import { wordpressSource } from '../import/wordpress.js';
import type { ImportSource } from '../import/records.js';
import type { ImportSummary } from '../import/writer.js';
import { exportSite } from '../export/jsonl.js';
import { UsageError, action, databaseOption, withDatabase } from './common.js';
import { progressReporter, summaryText } from './progress.js';

interface ImportOptions { site: string; database?: string }

const siteOption = () => new Option('--site <id>', 'the site to import into (create it first with teahouse site add)').makeOptionMandatory();

async function importFrom(label: string, options: ImportOptions, open: () => Promise<ImportSource>): Promise<void> {
  const reporter = progressReporter(`import ${label}`);
  let summary: ImportSummary;
  try {
    summary = await withDatabase(options.database, async (db) => runImport(db, options.site, await open(), reporter));
  } finally {
    reporter.stop();
  }
  process.stdout.write(summaryText(summary));
}

/** `teahouse import disqus|wordpress|artrans|discuz|teahouse`. */
export function importCommand(): Command {
  const command = new Command('import')
    .description('bring comments in from another system; every import streams, can run again (nothing is imported twice) and resumes where it stopped');

  command.command('disqus')
    .description("import Disqus's XML export: threads become pages, posts floors in the file's order")
    .argument('<file>', 'the .xml file (gunzip it first)')
    .addOption(siteOption())
    .addOption(new Option('--page-key <from>', "a thread's page key: its Disqus identifier (else its link's path), its link's path, or its whole link").choices(['identifier', 'path', 'url']).default('identifier'))
    .addOption(databaseOption())
    .action(action(async (file: string, options: ImportOptions & { pageKey: 'identifier' | 'path' | 'url' }) => {
      await importFrom('disqus', options, () => disqusSource(file, { pageKey: options.pageKey }));
    }));

  command.command('wordpress')
    .description("import WordPress's WXR export (Tools → Export): posts become pages, approved, pending, spam and trashed comments floors")
    .argument('<file>', 'the .xml file')
    .addOption(siteOption())
    .addOption(new Option('--page-key <from>', "a post's page key: its link's path, its whole link, or its post id").choices(['path', 'url', 'id']).default('path'))
    .addOption(databaseOption())
    .action(action(async (file: string, options: ImportOptions & { pageKey: 'path' | 'url' | 'id' }) => {
      await importFrom('wordpress', options, () => wordpressSource(file, { pageKey: options.pageKey }));
    }));

  command.command('artrans')
    .description("import Artalk's interchange format (Artrans; Waline, Twikoo and Valine exports convert to it)")
    .argument('<file>', 'the .artrans or .json file')
    .addOption(siteOption())
    .addOption(databaseOption())
    .action(action(async (file: string, options: ImportOptions) => {
      await importFrom('artrans', options, () => artransSource(file));
    }));

  command.command('discuz')
    .description('import a Discuz! X3.4/X3.5 forum from its MySQL database: threads, floors by position, quotes, votes, members and their credits')
    .requiredOption('--mysql <url>', 'mysql://user:password@host:3306/database')
    .addOption(siteOption())
    .option('--prefix <prefix>', 'table prefix', 'pre_')
    .option('--page-key <template>', "a thread's page key, {tid} replaced", '{tid}')
    .option('--page-map <file>', 'a JSON object or CSV (tid,page) naming the page of each thread; others use --page-key')
    .option('--page-url <template>', "a thread's page URL, {tid} replaced")
    .option('--credit <n>', 'which extcredits (1–8) becomes the opening balance; 0 for none', '2')
    .option('--avatar-url <template>', "a member's avatar URL, {uid} replaced")
    .addOption(databaseOption())
    .action(action(async (options: ImportOptions & { mysql: string; prefix: string; pageKey: string; pageMap?: string; pageUrl?: string; credit: string; avatarUrl?: string }) => {
      if (!/^\d$/.test(options.credit)) throw new UsageError(`invalid --credit "${options.credit}": 1 to 8, or 0`);
      if (!/^mysql:\/\//i.test(options.mysql)) throw new UsageError('--mysql takes a mysql://user:password@host:3306/database URL');
      await importFrom('discuz', options, () => discuzSource({
        url: options.mysql, prefix: options.prefix, pageKey: options.pageKey, credit: Number(options.credit),
        ...(options.pageMap ? { pageMap: options.pageMap } : {}), ...(options.pageUrl ? { pageUrl: options.pageUrl } : {}),
        ...(options.avatarUrl ? { avatarUrl: options.avatarUrl } : {}),
      }));
    }));

  command.command('teahouse')
    .description('restore what teahouse export wrote (a site that does not exist is created, with a new signing secret)')
    .argument('<file>', 'the .jsonl file')
    .option('--site <id>', 'restore under another site id')
    .addOption(databaseOption())
    .action(action(async (file: string, options: { site?: string; database?: string }) => {
      const reporter = progressReporter('import teahouse');
      try {
        const result = await withDatabase(options.database, (db) => restoreSite(db, file, { ...(options.site ? { site: options.site } : {}), reporter }));
        reporter.stop();
        process.stdout.write(summaryText(result));
        if (result.secrets.secret) process.stdout.write(`site ${result.site} created; its token secret is ${result.secrets.secret}\n`);
        if (result.secrets.webhookSecret) process.stdout.write(`its webhook has a new secret: ${result.secrets.webhookSecret}\n`);
      } finally {
        reporter.stop();
      }
    }));
  return command;
}

/** `teahouse export <site> --format jsonl`. */
export function exportCommand(): Command {
  return new Command('export')
    .description('write everything a site holds (no secrets) as JSON lines, for teahouse import teahouse')
    .argument('<site>', 'the site')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl']).default('jsonl'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addOption(databaseOption())
    .action(action(async (site: string, options: { output?: string; database?: string }) => {
      const out = options.output ? createWriteStream(options.output) : process.stdout;
      const write = async (chunk: string) => {
        if (!out.write(chunk)) await once(out, 'drain');
      };
      const counts = await withDatabase(options.database, (db) => exportSite(db, site, write));
      if (options.output) {
        const file = out as ReturnType<typeof createWriteStream>;
        file.end();
        await once(file, 'close');
      }
      process.stderr.write(`exported ${site}: ${Object.entries(counts).map(([type, n]) => `${n} ${type}`).join(', ')}\n`);
    }));
}
