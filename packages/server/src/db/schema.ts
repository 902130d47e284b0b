import type { Generated } from 'kysely';

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
}

export interface UsersTable {
  id: string;
  site_id: string;
  /** The host's own user id (the token's `sub`). */
  external_id: string;
  name: string;
  avatar: string | null;
  role: string;
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
  kind: string;
  author_user_id: string | null;
  parent_number: number | null;
  quote_number: number | null;
  body_source: string;
  body_json: string;
  status: string;
  created_at: string;
  edited_at: string | null;
}

export interface Tables {
  sites: SitesTable;
  users: UsersTable;
  threads: ThreadsTable;
  floors: FloorsTable;
}
