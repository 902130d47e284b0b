// The tables a site's export holds, in the order they are written and restored (what a row
// refers to comes before it), each read by keyset in its key's order. Rows are written as they
// are stored, less the site id (the header names the site), secrets and what is derived or
// volatile: thread versions, parsed bodies (parsed again from their sources), serial ids.

export interface ExportTable {
  /** The `type` of its lines. */
  type: string;
  table: 'site_roles' | 'moderation_words' | 'users' | 'threads' | 'floors' | 'reactions' | 'reaction_counts' | 'ledger_entries' | 'balances' | 'reports' | 'moderation_queue' | 'bans' | 'moderation_audit';
  /** The keyset: unique, in this order. */
  key: string[];
  /** Rows belong to the site through their thread (floors, counts) rather than a site_id column. */
  viaThread?: boolean;
  /** Columns left out. */
  omit?: string[];
  /** Serial ids: read in id order, written without the id (a restore numbers them anew, in the same order). */
  serial?: boolean;
}

export const EXPORT_TABLES: readonly ExportTable[] = [
  { type: 'role', table: 'site_roles', key: ['external_id'] },
  { type: 'words', table: 'moderation_words', key: ['site_id'] },
  { type: 'reader', table: 'users', key: ['id'] },
  { type: 'thread', table: 'threads', key: ['id'], omit: ['version'] },
  { type: 'floor', table: 'floors', key: ['thread_id', 'number'], viaThread: true, omit: ['body_json'] },
  { type: 'reaction', table: 'reactions', key: ['thread_id', 'actor', 'floor_number', 'key'] },
  { type: 'reaction_count', table: 'reaction_counts', key: ['thread_id', 'floor_number', 'key'], viaThread: true },
  { type: 'ledger', table: 'ledger_entries', key: ['id'], serial: true },
  { type: 'balance', table: 'balances', key: ['user_id'] },
  { type: 'report', table: 'reports', key: ['id'] },
  { type: 'queue', table: 'moderation_queue', key: ['floor_id'] },
  { type: 'ban', table: 'bans', key: ['id'], serial: true },
  { type: 'audit', table: 'moderation_audit', key: ['id'], serial: true },
];

/** What the first line says, so that a file is recognised, and what version of the format it is. */
export const EXPORT_FORMAT = 'teahouse-export';
export const EXPORT_VERSION = 1;

/** Columns holding a user id, and a thread id, by table: a restore maps them where it had to. */
export const USER_COLUMNS: Record<string, string[]> = {
  threads: ['author_user_id'], floors: ['author_user_id'], reactions: ['user_id'], ledger_entries: ['user_id'], balances: ['user_id'],
  reports: ['user_id'], bans: ['user_id', 'actor_user_id'], moderation_audit: ['actor_user_id', 'user_id'],
};
export const THREAD_COLUMNS: Record<string, string[]> = {
  floors: ['thread_id'], reactions: ['thread_id'], reaction_counts: ['thread_id'], reports: ['thread_id'], moderation_queue: ['thread_id'], moderation_audit: ['thread_id'],
};
