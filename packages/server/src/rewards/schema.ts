import type { LedgerEntry, ShareChannel } from '@teahouse/protocol';
import type { Generated } from 'kysely';

export interface LedgerEntriesTable {
  /** Grows with every entry; bigint on Postgres comes back as a string. */
  id: Generated<number | string>;
  site_id: string;
  user_id: string;
  delta: number;
  reason: string;
  ref: string | null;
  idempotency_key: string;
  /** `pending` until `available_at` when the site holds new awards, then `available`. */
  status: LedgerEntry['status'];
  available_at: string;
  created_at: string;
}

export interface BalancesTable {
  site_id: string;
  user_id: string;
  /** Spendable points. */
  balance: Generated<number>;
  /** Awards on hold. */
  pending: Generated<number>;
}

export interface RewardCountersTable {
  site_id: string;
  subject: string;
  bucket: string;
  used: Generated<number>;
}

export interface SharesTable {
  id: string;
  site_id: string;
  code: string;
  user_id: string;
  thread_id: string;
  channel: ShareChannel;
  url: string | null;
  /** Hash of the sharer's own anonymous visitor id, when they sent one. */
  sharer_visitor: string | null;
  created_at: string;
}

export interface ShareVisitsTable {
  share_id: string;
  visitor_key: string;
  ip: string;
  awarded: Generated<number>;
  created_at: string;
}

export interface SiteApiKeysTable {
  id: string;
  site_id: string;
  /** Hex SHA-256 of the key; the key itself is shown once and never stored. */
  key_hash: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface WebhookOutboxTable {
  id: Generated<number | string>;
  site_id: string;
  payload: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
}

export interface RewardTables {
  ledger_entries: LedgerEntriesTable;
  balances: BalancesTable;
  reward_counters: RewardCountersTable;
  shares: SharesTable;
  share_visits: ShareVisitsTable;
  site_api_keys: SiteApiKeysTable;
  webhook_outbox: WebhookOutboxTable;
}
