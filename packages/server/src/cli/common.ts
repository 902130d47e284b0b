import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_DATABASE, openDatabase, type Database } from '../db/database.js';

/** A mistake in how a command was called: reported with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** Exit code of a call that was wrong (unknown option, missing argument, bad value). */
export const USAGE_EXIT = 2;

export const databaseOption = (): Option =>
  new Option('--database <url>', `sqlite:<path>, sqlite::memory: or postgres://… (default: $DATABASE_URL or ${DEFAULT_DATABASE})`);

export const databaseFrom = (value: string | undefined): string => value || process.env.DATABASE_URL || DEFAULT_DATABASE;

/** Runs `work` with the database of `--database`, closed afterwards whatever happens. */
export async function withDatabase<T>(url: string | undefined, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(databaseFrom(url));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Repeatable options (`--origin a --origin b`) collect into a list. */
export const collect = (value: string, list: string[] = []): string[] => [...list, value];

/**
 * Wraps an action so that a UsageError it throws is reported like commander's own errors: the
 * message, then the command's usage, exit code 2.
 */
export function action<A extends unknown[]>(work: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await work(...args);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      const command = args[args.length - 1] as Command;
      command.error(`error: ${error.message}`, { exitCode: USAGE_EXIT, code: 'teahouse.usage' });
    }
  };
}

/** Commander's errors, help and version all end the process through here. */
export function isCommanderExit(error: unknown): error is CommanderError {
  return error instanceof CommanderError;
}

/** An http(s) origin, as browsers send it in `Origin`: scheme, host and port only. */
export function checkOrigin(text: string): string {
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
