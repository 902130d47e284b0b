import * as z from 'zod/mini';
import { Author, AuthorId, CursorString, Floor, FloorStatus, PageKey, SiteId } from './schemas.js';

/**
 * Paths of the moderation API. Reports take a reader's token; the `moderation/…` paths take the
 * token of a reader whose role on the site is moderator or admin; the `admin/…` paths the same
 * actions with a site API key, server to server.
 */
export const moderationRoutes = {
  report: '/v1/sites/{site}/floors/{number}/reports',
  queue: '/v1/sites/{site}/moderation/queue',
  floor: '/v1/sites/{site}/moderation/floors/{floor}',
  floorAction: '/v1/sites/{site}/moderation/floors/{floor}/actions',
  bans: '/v1/sites/{site}/moderation/bans',
  ban: '/v1/sites/{site}/moderation/bans/{user}',
  audit: '/v1/sites/{site}/moderation/audit',
  words: '/v1/sites/{site}/moderation/words',
  settings: '/v1/sites/{site}/moderation/settings',
  adminQueue: '/v1/admin/sites/{site}/moderation/queue',
  adminFloor: '/v1/admin/sites/{site}/moderation/floors/{floor}',
  adminFloorAction: '/v1/admin/sites/{site}/moderation/floors/{floor}/actions',
  adminBans: '/v1/admin/sites/{site}/moderation/bans',
  adminBan: '/v1/admin/sites/{site}/moderation/bans/{user}',
  adminAudit: '/v1/admin/sites/{site}/moderation/audit',
  adminWords: '/v1/admin/sites/{site}/moderation/words',
  adminSettings: '/v1/admin/sites/{site}/moderation/settings',
} as const;

/** The reader-token path of a moderation route and its site-API-key twin. */
export const MODERATION_ADMIN_TWINS = {
  queue: 'adminQueue',
  floor: 'adminFloor',
  floorAction: 'adminFloorAction',
  bans: 'adminBans',
  ban: 'adminBan',
  audit: 'adminAudit',
  words: 'adminWords',
  settings: 'adminSettings',
} as const satisfies Partial<Record<keyof typeof moderationRoutes, keyof typeof moderationRoutes>>;

const IsoTime = z.string().check(z.maxLength(40));
/** An ISO 8601 date and time with a zone, e.g. `2030-01-01T00:00:00Z` or `…+08:00`. */
const IsoDateTime = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, 'an ISO 8601 date and time with a zone'),
  z.refine((v) => !Number.isNaN(Date.parse(v)), 'not a real date'),
);
const Reason = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
const IntString = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, 'a whole number')),
    z.pipe(z.transform((v: string) => Number(v)), z.number().check(z.minimum(min), z.maximum(max))),
  );

/** Why a reader reports a floor (举报理由); the widget words each in the reader's language. */
export const ReportReason = z.enum(['spam', 'abuse', 'illegal', 'porn', 'privacy', 'other']);
export type ReportReason = z.infer<typeof ReportReason>;
export const REPORT_REASONS: readonly ReportReason[] = ReportReason.options;

/**
 * Which new floors wait for a moderator before anyone else sees them: `none`; `all`; `first`,
 * those of a commenter with no published floor on the site yet; `links`, those with a link.
 */
export const Premoderation = z.enum(['none', 'all', 'first', 'links']);
export type Premoderation = z.infer<typeof Premoderation>;

/** Reports from this many distinct readers hide a floor until a moderator reviews it, unless the site says otherwise. */
export const DEFAULT_REPORT_THRESHOLD = 3;
/** Words per list, and characters per word. */
export const MAX_WORDS = 1000;
export const MAX_WORD_LENGTH = 100;

/** A site's moderation settings as an operator writes them in the site's configuration. */
export const ModerationSettings = z.object({
  /** Distinct readers whose reports hide a floor pending review; 0 = reports never hide. @default 3 */
  reportThreshold: z.optional(z.int().check(z.minimum(0), z.maximum(10_000))),
  /** @default 'none' */
  premoderation: z.optional(Premoderation),
});
export type ModerationSettings = z.infer<typeof ModerationSettings>;

/** `GET moderation/settings`: the site's policy as it applies, defaults filled in. */
export const ModerationPolicy = z.object({
  reportThreshold: z.int(),
  premoderation: Premoderation,
  reasons: z.array(ReportReason),
});
export type ModerationPolicy = z.infer<typeof ModerationPolicy>;

const Word = z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_WORD_LENGTH));
/**
 * The site's word lists. A word matches anywhere in a body, ignoring case, width and spaces.
 * `banned`: the post is refused with the word named; `suspect`: the post waits for review.
 */
export const WordLists = z.object({
  banned: z.array(Word).check(z.maxLength(MAX_WORDS)),
  suspect: z.array(Word).check(z.maxLength(MAX_WORDS)),
});
export type WordLists = z.infer<typeof WordLists>;

/** `POST floors/{number}/reports`: a signed-in reader reports a floor, once per floor. */
export const CreateReport = z.object({
  page: PageKey,
  reason: ReportReason,
  note: z.optional(z.string().check(z.maxLength(500))),
});
export type CreateReport = z.input<typeof CreateReport>;

export const ReportReceipt = z.object({
  floor: z.int(),
  reason: ReportReason,
  createdAt: IsoTime,
  /** False when this reader had reported the floor before: nothing changed. */
  created: z.boolean(),
});
export type ReportReceipt = z.infer<typeof ReportReceipt>;

/** The reports on a floor that no moderator has acted on yet. */
export const ReportSummary = z.object({
  /** Distinct readers reporting. */
  count: z.int(),
  reasons: z.partialRecord(ReportReason, z.int()),
  /** The newest notes, up to 10. */
  notes: z.array(z.object({ reason: ReportReason, note: z.string(), createdAt: IsoTime })),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const QueueKind = z.enum(['pending', 'reported']);
export type QueueKind = z.infer<typeof QueueKind>;

/** Why a floor waits for review: a pre-moderation policy, or a suspect word (named). */
export const HoldCause = z.object({
  rule: z.enum(['all', 'first', 'links', 'suspect']),
  word: z.optional(z.string()),
});
export type HoldCause = z.infer<typeof HoldCause>;

/** A floor as a moderator sees it: its content whatever its status, where it is, and its reports. */
export const ModeratedFloor = z.object({
  floor: Floor,
  page: z.string(),
  thread: z.object({ id: z.string(), title: z.nullable(z.string()), url: z.nullable(z.string()) }),
  reports: ReportSummary,
  /** Set while the floor is in the queue. */
  queue: z.nullable(z.object({ kind: QueueKind, since: IsoTime, cause: z.nullable(HoldCause) })),
});
export type ModeratedFloor = z.infer<typeof ModeratedFloor>;

/** `GET moderation/queue`: oldest first. `kind` and `page` narrow it. */
export const QueueQuery = z.object({
  kind: z.optional(QueueKind),
  page: z.optional(PageKey),
  cursor: z.optional(CursorString),
  limit: z.optional(IntString(1, 100)),
});
export type QueueQuery = z.input<typeof QueueQuery>;

export const ModerationQueue = z.object({
  items: z.array(ModeratedFloor),
  next: z.nullable(z.string()),
});
export type ModerationQueue = z.infer<typeof ModerationQueue>;

/** `GET moderation/floors/{floor}`: a floor in its thread, for judging it. */
export const FloorContext = z.object({
  item: ModeratedFloor,
  /** The floor it replies to. */
  parent: z.nullable(Floor),
  /** Up to 3 floors just before and after it, in floor order, as a moderator sees them. */
  before: z.array(Floor),
  after: z.array(Floor),
});
export type FloorContext = z.infer<typeof FloorContext>;

export const FloorActionName = z.enum(['approve', 'hide', 'delete', 'restore', 'pin', 'unpin']);
export type FloorActionName = z.infer<typeof FloorActionName>;
/** Actions that remove what readers see: they must say why. */
export const REASON_REQUIRED: readonly FloorActionName[] = ['hide', 'delete'];

/**
 * `POST moderation/floors/{floor}/actions`. `approve` publishes a pending or reported floor;
 * `hide` takes it from readers; `delete` leaves a tombstone; `restore` publishes a hidden or
 * moderator-deleted floor again; `pin`/`unpin` keep a published floor at the top of its thread.
 * Every action settles the floor's open reports and takes it out of the queue (pins aside).
 */
export const FloorAction = z.object({
  action: FloorActionName,
  /** Required for `hide` and `delete`. */
  reason: z.optional(Reason),
}).check(z.refine((v) => v.reason !== undefined || !REASON_REQUIRED.includes(v.action), {
  message: 'hide and delete need a reason', path: ['reason'],
}));
export type FloorAction = z.input<typeof FloorAction>;

export const ActionResult = z.object({
  item: ModeratedFloor,
  /** False when the floor already was as asked and had nothing waiting: nothing was recorded. */
  changed: z.boolean(),
});
export type ActionResult = z.infer<typeof ActionResult>;

/** `ban`: may not post, edit or report; `shadow`: posts as usual but only they (and moderators) see their floors. */
export const BanKind = z.enum(['ban', 'shadow']);
export type BanKind = z.infer<typeof BanKind>;

/** `POST moderation/bans`: bans a commenter (by `Author.id`); banning again replaces the end and reason. */
export const BanRequest = z.object({
  user: AuthorId,
  /** @default 'ban' */
  kind: z.optional(BanKind),
  /** When the ban ends; absent or null: permanent. Must be in the future. */
  until: z.optional(z.nullable(IsoDateTime)),
  reason: Reason,
});
export type BanRequest = z.input<typeof BanRequest>;

/** Who did something: a moderator, a site API key (its label), or the system (reports reached the threshold). */
export const AuditActor = z.object({
  kind: z.enum(['user', 'key', 'system']),
  user: z.nullable(Author),
  label: z.nullable(z.string()),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const Ban = z.object({
  user: Author,
  kind: BanKind,
  /** Null: permanent. */
  until: z.nullable(IsoTime),
  reason: z.nullable(z.string()),
  createdAt: IsoTime,
  by: AuditActor,
});
export type Ban = z.infer<typeof Ban>;

export const BansQuery = z.object({
  kind: z.optional(BanKind),
  cursor: z.optional(CursorString),
  limit: z.optional(IntString(1, 100)),
});
export type BansQuery = z.input<typeof BansQuery>;

/** Bans in force, newest first. */
export const BanList = z.object({ bans: z.array(Ban), next: z.nullable(z.string()) });
export type BanList = z.infer<typeof BanList>;

/** `DELETE moderation/bans/{user}`: lifts one kind of ban, or both when `kind` is absent. */
export const UnbanQuery = z.object({
  kind: z.optional(BanKind),
  reason: z.optional(Reason),
});
export type UnbanQuery = z.input<typeof UnbanQuery>;

export const UnbanResult = z.object({ lifted: z.array(BanKind) });
export type UnbanResult = z.infer<typeof UnbanResult>;

export const AuditAction = z.enum([
  'approve', 'hide', 'delete', 'restore', 'pin', 'unpin', 'ban', 'unban', 'words', 'auto_hide',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  id: z.string(),
  createdAt: IsoTime,
  actor: AuditActor,
  action: AuditAction,
  reason: z.nullable(z.string()),
  /** The floor acted on. */
  floor: z.nullable(z.object({ id: z.string(), page: z.string(), number: z.int() })),
  /** The commenter acted on (bans), or the floor's author. */
  user: z.nullable(Author),
  /** Floor actions: the status before and after. */
  status: z.optional(z.object({ from: FloorStatus, to: FloorStatus })),
  /** Bans: which kind and until when. */
  ban: z.optional(z.object({ kind: BanKind, until: z.nullable(IsoTime) })),
  /** Word lists: their sizes after the change. */
  words: z.optional(z.object({ banned: z.int(), suspect: z.int() })),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  action: z.optional(AuditAction),
  /** Only entries about this commenter. */
  user: z.optional(AuthorId),
  /** Only entries about floors of this page. */
  page: z.optional(PageKey),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,18}$/, 'a cursor'))),
  limit: z.optional(IntString(1, 100)),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** Newest first. */
export const AuditLog = z.object({ entries: z.array(AuditEntry), next: z.nullable(z.string()) });
export type AuditLog = z.infer<typeof AuditLog>;

/** A floor's id (`Floor.id`). */
export const FloorId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,32}$/, 'a floor id'));
export const ModerationFloorParams = z.object({ site: SiteId, floor: FloorId });
export const ModerationUserParams = z.object({ site: SiteId, user: AuthorId });
