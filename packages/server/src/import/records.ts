import type { FloorStatus } from '@teahouse/protocol';

// What every source is read into before it is written: readers, threads, floors, reactions and
// opening balances, each named by the source's own id so that a second run finds it again.

/** Where a record sits in its source, for reports: `line 120`, `item 7`, `tid 42 position 3`. */
export type Position = string;

/** Someone who wrote or reacted. `external` is the host user id (`sub`) they become; guests have none. */
export interface ReaderRecord {
  kind: 'reader';
  id: string;
  /** The host's user id for signed-in readers; absent for guests (named commenters without an account). */
  external?: string;
  name: string;
  avatar?: string | null;
  at: Position;
}

export interface ThreadRecord {
  kind: 'thread';
  id: string;
  page: string;
  url?: string | null;
  title?: string | null;
  /** Source id of the reader who is 楼主. */
  author?: ReaderRecord | null;
  createdAt?: string;
  /** Reactions on the article itself, counted, where the source keeps only counts. */
  counts?: Record<string, number>;
  at: Position;
}

export interface FloorRecord {
  kind: 'floor';
  id: string;
  /** Source id of the thread. */
  thread: string;
  /** The floor number the source gives it (Discuz `position`); otherwise the next one. */
  number?: number;
  author: ReaderRecord | null;
  /** Markdown of our subset. */
  body: string;
  createdAt: string;
  status: FloorStatus;
  /** Source id of the floor this one replies to. */
  parent?: string | null;
  /** Source id of the floor this one quotes. */
  quote?: string | null;
  /** Reactions counted on the floor, by key, where the source keeps only counts. */
  counts?: Record<string, number>;
  at: Position;
}

/** One reader's reaction, where the source says who reacted. `floor` null: the article. */
export interface ReactionRecord {
  kind: 'reaction';
  thread: string;
  floor: string | null;
  reader: ReaderRecord;
  key: string;
  createdAt: string;
  at: Position;
}

/** An opening balance, written as one ledger entry. */
export interface BalanceRecord {
  kind: 'balance';
  reader: ReaderRecord;
  amount: number;
  /** What the balance was in the source, e.g. `extcredits2`. */
  what: string;
  at: Position;
}

/** A record the source could not make sense of: reported with its position, then skipped. */
export interface BadRecord {
  kind: 'bad';
  at: Position;
  message: string;
}

export type ImportRecord = ReaderRecord | ThreadRecord | FloorRecord | ReactionRecord | BalanceRecord | BadRecord;

/** Every importer: a name for the records table and a stream of records, with how far it has read. */
export interface ImportSource {
  name: string;
  records(): AsyncIterable<ImportRecord>;
  /** How much of the input is read, and its size, for the progress bar (bytes, or rows). */
  progress(): { done: number; total: number | null; unit: 'bytes' | 'rows' };
}

/** A UTC ISO time from what the source wrote; null when it cannot be read. */
export function isoTime(value: string | number | Date | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
