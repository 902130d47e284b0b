import type { Generated } from 'kysely';

export interface NoticesTable {
  /** bigint on Postgres comes back as a string. */
  id: Generated<number | string>;
  site_id: string;
  /** The reader the notice is for. */
  user_id: string;
  kind: string;
  group_key: string;
  thread_id: string;
  floor_number: number | null;
  /** JSON array of NoticeActor, newest first, at most 3. */
  actors: string;
  count: Generated<number>;
  excerpt: string;
  /** JSON: outcome, points, reason. */
  data: string;
  read_at: string | null;
  /** When a mail (immediate or digest) covered it. */
  mailed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotifyPrefsTable {
  site_id: string;
  user_id: string;
  email: string | null;
  mode: string;
  locale: string | null;
  /** When the last daily digest was queued. */
  digest_at: string | null;
  updated_at: string;
}

export interface MailOutboxTable {
  id: Generated<number | string>;
  site_id: string;
  user_id: string;
  to_address: string;
  /** JSON of the message as nodemailer takes it (subject, text, html, headers). */
  message: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface NotificationTables {
  notices: NoticesTable;
  notify_prefs: NotifyPrefsTable;
  mail_outbox: MailOutboxTable;
}
