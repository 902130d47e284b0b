import type { AuthorRole, FloorKind, FloorStatus } from '@teahouse/protocol';
import type { Generated } from 'kysely';
import type { RewardTables } from '../rewards/schema.js';
import type { IdentityTables } from '../auth/schema.js';
import type { ModerationTables } from '../moderation/schema.js';
import type { ImportTables } from '../import/schema.js';
import type { StickerTables } from '../stickers/schema.js';
import type { NotificationTables } from '../notifications/schema.js';

/** Timestamps are ISO 8601 strings in UTC: they sort as text and read back alike on both dialects. */
export interface SitesTable {
  id: string;
  name: string;
  secret: string;
  /** JSON array of exact origins allowed to call the API from a browser. */
  origins: string;
  /** JSON object: loginUrl, registerUrl, roles. */
  settings: string;
  created_at: string;
  /** Signs guest and visitor tokens (0006_identity); '' until filled. */
  server_secret: Generated<string>;
}

export interface UsersTable {
  id: string;
  site_id: string;
  /** The host's own user id (the token's `sub`). */
  external_id: string;
  name: string;
  avatar: string | null;
  role: AuthorRole;
  created_at: string;
}

export interface ThreadsTable {
  id: string;
  site_id: string;
  page_key: string;
  url: string | null;
  title: string | null;
  author_user_id: string | null;
  /** Highest floor number handed out; 1 is the article. */
  last_floor: Generated<number>;
  reply_count: Generated<number>;
  /** Bumped by every change to the thread or its floors; feeds the ETag. */
  version: Generated<number>;
  created_at: string;
}

export interface FloorsTable {
  id: string;
  thread_id: string;
  number: number;
  kind: FloorKind;
  author_user_id: string | null;
  parent_number: number | null;
  quote_number: number | null;
  body_source: string;
  body_json: string;
  status: FloorStatus;
  created_at: string;
  edited_at: string | null;
  /** The top-level floor this one sits under; its own number when it is one. */
  root_number: number | null;
  /** 0 for top-level floors, parent's depth + 1 for replies. */
  depth: Generated<number>;
  /** On top-level floors: replies under it, at any depth. */
  descendants: Generated<number>;
  /** `share_award` floors: the FloorAward as JSON. */
  award: string | null;
  /** 1 while the author is shadow-banned: only they and moderators see the floor. */
  shadow: Generated<number>;
  /** When a moderator pinned the floor (置顶); null when not pinned. */
  pinned_at: string | null;
  /** Sum of the reaction scores (up +1, down -1, …): the hottest sort. */
  score: Generated<number>;
  /** IP属地: the region code the floor was posted from (0010_floor_region); null when unknown or not recorded. */
  region: Generated<string | null>;
}

export interface ThreadEventsTable {
  /** Decimal string on the wire; bigint on Postgres comes back as a string, on SQLite a number. */
  id: Generated<number | string>;
  thread_id: string;
  type: string;
  /** The ThreadEvent as JSON. */
  payload: string;
  created_at: string;
}

/** One reader's reaction with one key on one target (floor 1 is the article). */
export interface ReactionsTable {
  site_id: string;
  thread_id: string;
  floor_number: number;
  /** `u:<user id>` for a signed-in reader, `v:<visitor id>` for an anonymous one. */
  actor: string;
  user_id: string | null;
  key: string;
  created_at: string;
}

/** Reactions per target and key, kept in the transaction that adds or removes one. */
export interface ReactionCountsTable {
  thread_id: string;
  floor_number: number;
  key: string;
  count: Generated<number>;
}

export interface Tables extends RewardTables, IdentityTables, ModerationTables, ImportTables, StickerTables, NotificationTables {
  sites: SitesTable;
  users: UsersTable;
  threads: ThreadsTable;
  floors: FloorsTable;
  thread_events: ThreadEventsTable;
  reactions: ReactionsTable;
  reaction_counts: ReactionCountsTable;
}
