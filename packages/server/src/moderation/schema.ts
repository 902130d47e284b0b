import type { AuditAction, AuditActor, BanKind, FloorStatus, QueueKind, ReportReason } from '@teahouse/protocol';
import type { Generated } from 'kysely';

type ActorKind = AuditActor['kind'];

/** One reader's report of one floor; the unique (floor, user) pair is the "once per reader" rule. */
export interface ReportsTable {
  id: string;
  site_id: string;
  thread_id: string;
  floor_id: string;
  user_id: string;
  reason: ReportReason;
  note: string | null;
  created_at: string;
  /** Set when a moderator acts on the floor: the report no longer counts towards the threshold. */
  resolved_at: string | null;
}

/** Floors waiting for a moderator: held by a policy or a suspect word, or reported. */
export interface ModerationQueueTable {
  floor_id: string;
  site_id: string;
  thread_id: string;
  kind: QueueKind;
  /** HoldCause as JSON, for held floors. */
  cause: string | null;
  queued_at: string;
}

/** Bans in force (and expired temporary ones, which count for nothing). */
export interface BansTable {
  /** Grows with every new ban: the list's order. bigint on Postgres comes back as a string. */
  id: Generated<number | string>;
  site_id: string;
  user_id: string;
  kind: BanKind;
  /** Null: permanent. */
  until: string | null;
  reason: string | null;
  actor_kind: ActorKind;
  actor_user_id: string | null;
  actor_label: string | null;
  created_at: string;
}

/** Every moderation action, with who and why. */
export interface ModerationAuditTable {
  id: Generated<number | string>;
  site_id: string;
  actor_kind: ActorKind;
  actor_user_id: string | null;
  /** An API key's label, or what the system did it for. */
  actor_label: string | null;
  action: AuditAction;
  reason: string | null;
  floor_id: string | null;
  thread_id: string | null;
  page_key: string | null;
  floor_number: number | null;
  /** The commenter acted on: a ban's target, or the floor's author. */
  user_id: string | null;
  status_from: FloorStatus | null;
  status_to: FloorStatus | null;
  ban_kind: BanKind | null;
  ban_until: string | null;
  /** Word list sizes, as JSON. */
  details: string | null;
  created_at: string;
}

/** A site's banned and suspect words, each a JSON array of normalised words. */
export interface ModerationWordsTable {
  site_id: string;
  banned: string;
  suspect: string;
  updated_at: string;
}

export interface ModerationTables {
  reports: ReportsTable;
  moderation_queue: ModerationQueueTable;
  bans: BansTable;
  moderation_audit: ModerationAuditTable;
  moderation_words: ModerationWordsTable;
}
