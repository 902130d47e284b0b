import {
  ActionResult, AuditLog, Ban, BanList, FloorContext, ModerationPolicy, ModerationQueue, ReportReceipt, UnbanResult, WordLists,
  type AuditAction, type BanKind, type BanRequest, type FloorActionName, type QueueKind, type ReportReason,
} from '@teahouse/protocol';
import * as api from '@teahouse/protocol/endpoints';
import type { TeahouseClient } from './client.js';
// Types only: the rewards and moderation chunks take no code of the client's core.
import type { Endpoint, RequestOptions, Schema } from './request.js';

/** What {@link reportFloor} sends: the floor by page and number, a reason from the fixed list, an optional note. */
export interface ReportParams {
  page: string;
  number: number;
  reason: ReportReason;
  note?: string | undefined;
}

/**
 * Reports a floor (举报) as the client's signed-in reader; reporting a floor again changes nothing.
 * On its own so that a report button needs nothing else of the moderation API.
 */
export function reportFloor(client: TeahouseClient, { page, number, reason, note }: ReportParams): Promise<ReportReceipt> {
  return client.request(ReportReceipt, api.reportFloor.method, api.reportFloor.path, { params: { number }, json: { page, reason, note } });
}

export interface QueueParams {
  /** Only pending or only reported floors. Default: both. */
  kind?: QueueKind | undefined;
  /** Only this page's thread. */
  page?: string | undefined;
  cursor?: string | null | undefined;
  /** 1 to 100. Default: 30. */
  limit?: number | undefined;
}

export interface AuditParams {
  action?: AuditAction | undefined;
  /** Only entries about this commenter (`Author.id`). */
  user?: string | undefined;
  page?: string | undefined;
  cursor?: string | null | undefined;
  /** 1 to 100. Default: 30. */
  limit?: number | undefined;
}

/**
 * The moderation API for a moderator or admin of the site: the client's token must be theirs.
 * Floors are named by `Floor.id`, commenters by `Author.id`.
 */
export interface ModerationApi {
  /** Reports a floor; see {@link reportFloor}. */
  report(params: ReportParams): Promise<ReportReceipt>;
  /** Pending and reported floors, oldest first; pass `next` back as `cursor`. */
  queue(params?: QueueParams): Promise<ModerationQueue>;
  /** A floor with its reports, its parent and the floors around it. */
  floor(id: string): Promise<FloorContext>;
  /** Approves, hides, deletes, restores, pins or unpins a floor; `hide` and `delete` need a reason. */
  act(id: string, action: FloorActionName, reason?: string): Promise<ActionResult>;
  /** Bans a commenter (kind `ban`, the default) or shadow-bans them; no `until` means permanently. */
  ban(input: BanRequest): Promise<Ban>;
  /** Lifts a ban, a shadow-ban, or both when `kind` is absent. */
  unban(user: string, options?: { kind?: BanKind | undefined; reason?: string | undefined }): Promise<UnbanResult>;
  /** Bans in force, newest first. */
  bans(params?: { kind?: BanKind | undefined; cursor?: string | null | undefined; limit?: number | undefined }): Promise<BanList>;
  /** The audit log, newest first. */
  audit(params?: AuditParams): Promise<AuditLog>;
  /** The site's banned and suspect words. */
  words(): Promise<WordLists>;
  /** Replaces both word lists. */
  setWords(lists: WordLists): Promise<WordLists>;
  /** The site's report threshold, pre-moderation policy and report reasons. */
  settings(): Promise<ModerationPolicy>;
}

/** The moderation API over a client: same site, token, timeout and retries. */
export function moderationApi(client: TeahouseClient): ModerationApi {
  const request: TeahouseClient['request'] = (...args) => client.request(...args);
  const to = <T>(endpoint: Endpoint, schema: Schema<T>, options?: RequestOptions) => request(schema, endpoint.method, endpoint.path, options);
  return {
    report: (params) => reportFloor(client, params),
    queue: ({ kind, page, cursor, limit } = {}) => to(api.moderationQueue, ModerationQueue, { query: { kind, page, cursor, limit } }),
    floor: (id) => to(api.moderationFloor, FloorContext, { params: { floor: id } }),
    act: (id, action, reason) => to(api.moderateFloor, ActionResult, { params: { floor: id }, json: { action, reason } }),
    ban: (json) => to(api.moderationBan, Ban, { json }),
    unban: (user, { kind, reason } = {}) => to(api.moderationUnban, UnbanResult, { params: { user }, query: { kind, reason } }),
    bans: ({ kind, cursor, limit } = {}) => to(api.moderationBans, BanList, { query: { kind, cursor, limit } }),
    audit: ({ action, user, page, cursor, limit } = {}) =>
      to(api.moderationAudit, AuditLog, { query: { action, user, page, cursor, limit } }),
    words: () => to(api.moderationWords, WordLists),
    setWords: (json) => to(api.moderationSetWords, WordLists, { json }),
    settings: () => to(api.moderationSettings, ModerationPolicy),
  };
}
