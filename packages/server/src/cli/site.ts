import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { LOCALES, type Locale, type SiteDefinition } from '@teahouse/protocol';
import { createApiKey, hashKey } from '../auth/api-keys.js';
import { DEFAULT_OVERLAP_SECONDS, parseDuration, rotateKey, validKeys } from '../auth/keys.js';
import { addOrigin, listSites, removeOrigin } from '../sites/sites.js';
import { MASK, removeSite, revokeApiKey, saveSite, setSetting, showSite, unsetSetting, type SaveResult } from '../sites/config.js';
import { parseValue, readSitesFile } from '../sites/file.js';
import { UsageError, action, checkOrigin, collect, databaseOption, withDatabase } from './common.js';

interface DatabaseOptions { database?: string }

function saved(id: string, result: SaveResult): string {
  if (result.created) return `site ${id} created${result.secret ? `; its token secret is ${result.secret}` : ''}\n`;
  return `site ${id} updated${result.changed.length ? ` (${result.changed.join(', ')})` : ': nothing changed'}\n`;
}

/** `teahouse site …`: create, configure, inspect and remove sites. */
export function siteCommand(): Command {
  const site = new Command('site').description('create, configure, inspect and remove sites');

  site.command('add')
    .description('create a site (a new site without --secret gets a generated one, printed once); with --update, change an existing one, keeping everything not given')
    .argument('<id>', 'lowercase letters, digits, - and _')
    .option('--name <name>', 'shown to readers (default: the id)')
    .option('--secret <secret>', 'HS256 secret the host signs reader tokens with (new sites only)')
    .option('--origin <url>', 'a browser origin allowed to call the API (repeat for more)', collect)
    .addOption(new Option('--locale <locale>', 'picks the defaults: reactions, currency, share channels').choices(LOCALES))
    .option('--login-url <url>', 'where the login prompt sends readers')
    .option('--register-url <url>', 'where readers sign up')
    .option('--guests', 'anonymous readers may post under a nickname')
    .option('--no-guests', 'turn guest mode off')
    .option('--trust-token-roles', "a token's role claim counts")
    .option('--no-trust-token-roles', "ignore tokens' role claims")
    .option('--update', 'change the site if it exists instead of refusing')
    .addOption(databaseOption())
    .action(action(async (id: string, options: DatabaseOptions & {
      name?: string; secret?: string; origin?: string[]; locale?: Locale; loginUrl?: string; registerUrl?: string;
      guests?: boolean; trustTokenRoles?: boolean; update?: boolean;
    }) => {
      if (options.secret === '') throw new UsageError('--secret cannot be empty');
      const origins = (options.origin ?? []).map(checkOrigin);
      const definition: SiteDefinition & { secret?: string } = {
        id,
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.secret !== undefined ? { secret: options.secret } : {}),
        origins,
        ...(options.locale ? { locale: options.locale } : {}),
        ...(options.loginUrl !== undefined ? { loginUrl: options.loginUrl } : {}),
        ...(options.registerUrl !== undefined ? { registerUrl: options.registerUrl } : {}),
        ...(options.guests !== undefined ? { guests: options.guests } : {}),
        ...(options.trustTokenRoles !== undefined ? { trustTokenRoles: options.trustTokenRoles } : {}),
      };
      const result = await withDatabase(options.database, async (db) => {
        // An existing site keeps its keys: changing them is what rotate-secret is for.
        if (options.secret !== undefined && options.update && await showSite(db, id).then(() => true, () => false)) {
          throw new UsageError('--secret is for new sites; use site rotate-secret to change an existing one');
        }
        return saveSite(db, definition, { update: options.update === true });
      });
      process.stdout.write(saved(id, result));
    }));

  site.command('set')
    .description('set one setting by its dotted key, e.g. rewards.currency.name 积分, reactions.set neutral, locale en')
    .argument('<id>', 'the site')
    .argument('<key>', 'a setting (locale, reactions, rewards, limits, moderation, roles, maxDepth, rulesUrl, guests, ipRegion, loginUrl, …), dotted into objects and lists')
    .argument('<value>', 'read as YAML: 3, true, [a, b], {name: 积分}; text where text is wanted')
    .addOption(databaseOption())
    .action(action(async (id: string, key: string, value: string, options: DatabaseOptions) => {
      await withDatabase(options.database, (db) => setSetting(db, id, key, value, parseValue));
      process.stdout.write(`site ${id}: ${key} set\n`);
    }));

  site.command('unset')
    .description('remove one setting, so that its default applies again')
    .argument('<id>', 'the site')
    .argument('<key>', 'a dotted setting key')
    .addOption(databaseOption())
    .action(action(async (id: string, key: string, options: DatabaseOptions) => {
      const removed = await withDatabase(options.database, (db) => unsetSetting(db, id, key));
      process.stdout.write(removed ? `site ${id}: ${key} removed\n` : `site ${id}: ${key} was not set\n`);
    }));

  site.command('apply')
    .description('create or update the sites a YAML or JSON file describes (one site, or several under sites:); settings given replace those stored, the rest are kept')
    .argument('<file>', 'a .yaml, .yml or .json file')
    .addOption(databaseOption())
    .action(action(async (file: string, options: DatabaseOptions) => {
      const definitions = await readSitesFile(file);
      await withDatabase(options.database, async (db) => {
        for (const definition of definitions) process.stdout.write(saved(definition.id, await saveSite(db, definition, { update: true })));
      });
    }));

  site.command('show')
    .description('print a site as a configuration file would describe it (secrets masked), with its key ids')
    .argument('<id>', 'the site')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .addOption(databaseOption())
    .action(action(async (id: string, options: DatabaseOptions & { format: 'yaml' | 'json' }) => {
      const view = await withDatabase(options.database, (db) => showSite(db, id));
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify({ ...view.definition, signingKeys: view.signingKeys, apiKeys: view.apiKeys }, null, 2)}\n`);
        return;
      }
      const keys = view.signingKeys.map((k) => `${k.kid}${k.primary ? ' (primary)' : ` (until ${k.expiresAt ?? 'removed'})`}`);
      const apiKeys = view.apiKeys.map((k) => `${k.id}${k.label ? ` "${k.label}"` : ''}${k.revokedAt ? ` (revoked ${k.revokedAt})` : ''}`);
      process.stdout.write([
        `# site ${id}: apply this file again with \`teahouse site apply\`; ${MASK} keeps a stored secret`,
        `# signing keys: ${keys.join(', ') || '(none)'}`,
        `# API keys: ${apiKeys.join(', ') || '(none)'}`,
        stringify(view.definition, { lineWidth: 0 }),
      ].join('\n'));
    }));

  site.command('list')
    .description('list sites and their valid key ids (secrets are not shown)')
    .addOption(databaseOption())
    .action(action(async (options: DatabaseOptions) => {
      await withDatabase(options.database, async (db) => {
        for (const s of await listSites(db)) {
          const valid = new Set(validKeys(s).map((key) => key.kid));
          const keys = s.keys.filter((key) => valid.has(key.kid))
            .map((key) => (key.secret === s.secret ? `${key.kid} (primary)` : `${key.kid} (until ${key.expiresAt ?? 'removed'})`));
          const flags = [s.settings.locale ?? '', s.settings.guests ? 'guests' : '', s.settings.trustTokenRoles ? 'trust-token-roles' : ''].filter(Boolean);
          process.stdout.write(`${s.id}\t${s.name}\t${[...s.origins].join(' ') || '(no origins)'}\tkeys: ${keys.join(', ') || '(none)'}${flags.length ? `\t${flags.join(' ')}` : ''}\n`);
        }
      });
    }));

  site.command('remove')
    .description('delete a site and everything it holds: threads, floors, readers, points, reports')
    .argument('<id>', 'the site')
    .option('--yes', 'confirm: this cannot be undone (export the site first)')
    .addOption(databaseOption())
    .action(action(async (id: string, options: DatabaseOptions & { yes?: boolean }) => {
      if (!options.yes) throw new UsageError(`removing site "${id}" deletes all it holds; export it first, then pass --yes`);
      const { threads } = await withDatabase(options.database, (db) => removeSite(db, id));
      process.stdout.write(`site ${id} removed with its ${threads} thread${threads === 1 ? '' : 's'}\n`);
    }));

  site.command('rotate-secret')
    .description('add a new primary signing key (its kid and secret are printed once); older keys stay valid until the overlap ends')
    .argument('<id>', 'the site')
    .option('--overlap <duration>', 'how long older keys keep verifying: 90s, 30m, 12h, 7d or 0', '1d')
    .addOption(databaseOption())
    .action(action(async (id: string, options: DatabaseOptions & { overlap: string }) => {
      const overlap = options.overlap === '1d' ? DEFAULT_OVERLAP_SECONDS : parseDuration(options.overlap);
      if (overlap === undefined) throw new UsageError(`invalid --overlap "${options.overlap}": a duration such as 90s, 30m, 12h, 7d or 0`);
      const rotation = await withDatabase(options.database, (db) => rotateKey(db, id, overlap));
      process.stdout.write(`kid ${rotation.kid}\nsecret ${rotation.secret}\n`);
      process.stderr.write(
        `store this secret now: it is shown once. Sign with it (header kid "${rotation.kid}"); ` +
        `the keys before it stop verifying at ${rotation.oldKeysExpireAt}\n`,
      );
    }));

  for (const [name, change] of [['add-origin', addOrigin], ['remove-origin', removeOrigin]] as const) {
    site.command(name)
      .description(name === 'add-origin' ? 'allow a browser origin' : 'stop allowing a browser origin')
      .argument('<id>', 'the site')
      .argument('<origin>', 'scheme, host and port, e.g. https://news.example.com')
      .addOption(databaseOption())
      .action(action(async (id: string, origin: string, options: DatabaseOptions) => {
        const checked = checkOrigin(origin);
        const origins = await withDatabase(options.database, (db) => change(db, id, checked));
        process.stdout.write(`site ${id} origins: ${origins.join(' ') || '(none)'}\n`);
      }));
  }

  site.command('add-key')
    .description('create an admin API key for the site (printed once; its id is what revoke-key takes)')
    .argument('<id>', 'the site')
    .option('--label <text>', 'what the key is for, shown by site show')
    .addOption(databaseOption())
    .action(action(async (id: string, options: DatabaseOptions & { label?: string }) => {
      const { key, keyId } = await withDatabase(options.database, async (db) => {
        const created = await createApiKey(db, id, options.label);
        const row = await db.kysely.selectFrom('site_api_keys').select('id').where('key_hash', '=', hashKey(created)).executeTakeFirstOrThrow();
        return { key: created, keyId: row.id };
      });
      process.stdout.write(`${key}\n`);
      process.stderr.write(`key id ${keyId}: store this key now: only its hash is kept, it cannot be shown again\n`);
    }));

  site.command('revoke-key')
    .description('revoke an admin API key at once, by its id (site show lists them) or the key itself')
    .argument('<id>', 'the site')
    .argument('<key>', 'the key id, or the thk_… key')
    .addOption(databaseOption())
    .action(action(async (id: string, key: string, options: DatabaseOptions) => {
      const revoked = await withDatabase(options.database, (db) => revokeApiKey(db, id, key, hashKey));
      process.stdout.write(revoked.already ? `API key ${revoked.id} was already revoked\n` : `API key ${revoked.id} revoked\n`);
    }));

  return site;
}
