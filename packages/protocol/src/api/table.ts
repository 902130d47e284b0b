import * as z from 'zod/mini';
import {
  Bootstrap, BootstrapQuery, ThreadHtmlQuery, CreateFloor, Floor, FloorPage, FloorParams, FloorQuery, FloorsQuery, SiteParams,
} from '../schemas.js';
import { Counts, CountsQuery } from '../counts.js';
import { ReactionState, ReactionWho, SetReaction, VisitorToken, WhoQuery } from '../reactions.js';
import { EditFloor, FloorSource, PreviewRequest, PreviewResult } from '../edits.js';
import { EventsQuery } from '../events.js';
import {
  AdminEntryParams, AdminLedgerEntry, CheckinResult, CreateShare, DebitRequest, HistoryQuery, Leaderboard, LeaderboardQuery,
  PointsBalance, PointsHistory, PointsRules, RecordVisit, ReverseRequest, Share, ShareStatus, ShareStatusQuery, VisitResult,
} from '../rewards.js';
import { CreateGuest, GuestToken, RoleParams, SetRole, SiteRoles, UserRole } from '../identity.js';
import {
  ActionResult, AuditLog, AuditQuery, Ban, BanList, BanRequest, BansQuery, CreateReport, FloorAction, FloorContext,
  ModerationFloorParams, ModerationPolicy, ModerationQueue, ModerationUserParams, QueueQuery, ReportReceipt, UnbanQuery,
  UnbanResult, WordLists,
} from '../moderation.js';
import { StickerList, StickerParams } from '../stickers.js';
import {
  MarkNotices, NoticeList, NoticesQuery, NotifyPrefs, SetNotifyPrefs, UnreadCount, UnsubscribeQuery,
} from '../notifications.js';
import { Readiness } from '../health.js';
import * as endpoints from './endpoints.js';
import type { Route } from './route.js';

// The route table: every operation of the API with its parameters, body, answers, failures and
// authentication. The server registers its routes from it and answers nothing it does not list;
// the OpenAPI document (../openapi.ts) is generated from it. Browsers take only ./endpoints.ts.

/** An entry without its address, which ./endpoints.ts holds. */
type Spec = Omit<Route, 'method' | 'path'>;

const noStore = { 'Cache-Control': '`private, no-store`' };
const rateLimited = 'Too many requests (`rate_limited`, with `details.retryAfter` and `Retry-After`)';
const json = (description: string, schema: z.ZodMiniType, headers?: Record<string, string>) =>
  ({ description, schema, ...(headers ? { headers } : {}) });

/** The moderation API, once for a moderator's token; the site API key's twins are derived below. */
const moderation = {
  moderationQueue: {
    summary: 'The moderation queue: pending floors and reported floors, oldest first',
    description:
      '`kind` keeps one of the two; `page` one thread. Each item has the floor with its content whatever its status, ' +
      'its open reports (count, reasons, newest notes) and why it waits. Pass `next` back as `cursor`.',
    auth: 'moderator',
    params: SiteParams,
    query: QueueQuery,
    responses: { 200: json('A page of the queue', ModerationQueue, noStore) },
  },
  moderationFloor: {
    summary: 'A floor in context: the floor, its reports, its parent and the floors around it',
    auth: 'moderator',
    params: ModerationFloorParams,
    responses: { 200: json('The floor in context', FloorContext, noStore) },
  },
  moderateFloor: {
    summary: 'Approve, hide, delete, restore, pin or unpin a floor',
    description:
      '`hide` and `delete` need a `reason`. Every action but pins settles the open reports and takes the floor out of ' +
      'the queue, and is written to the audit log with who and why. Asking for the state a floor is already in, with ' +
      'nothing waiting, answers `changed: false` and records nothing.',
    auth: 'moderator',
    params: ModerationFloorParams,
    body: { schema: FloorAction },
    responses: { 200: json('The floor after the action', ActionResult, noStore) },
    errors: { 409: 'The action does not apply to the floor as it is, e.g. restoring a floor its author deleted (`conflict`)' },
  },
  moderationBans: {
    summary: 'Bans in force, newest first',
    auth: 'moderator',
    params: SiteParams,
    query: BansQuery,
    responses: { 200: json('A page of bans', BanList, noStore) },
  },
  moderationBan: {
    summary: 'Ban a commenter, for a time or for good, or shadow-ban them',
    description:
      '`ban`: posting, editing and reporting are refused with 403 (`forbidden`, `details.ban` says until when). ' +
      '`shadow`: they post as usual and see their floors; nobody else does, their earlier floors included. ' +
      'Banning again replaces the end and the reason.',
    auth: 'moderator',
    params: SiteParams,
    body: { schema: BanRequest },
    responses: { 201: json('The new ban', Ban, noStore), 200: json('The ban, replaced', Ban, noStore) },
    errors: { 403: 'The caller may not moderate here, or tried to ban themselves (`forbidden`)' },
  },
  moderationUnban: {
    summary: 'Lift a ban or a shadow-ban (both when `kind` is absent)',
    auth: 'moderator',
    params: ModerationUserParams,
    query: UnbanQuery,
    responses: { 200: json('The kinds lifted (empty: there was none)', UnbanResult, noStore) },
  },
  moderationAudit: {
    summary: 'The audit log, newest first',
    description: 'Every moderation action with who did it and why, automatic hides by reports included.',
    auth: 'moderator',
    params: SiteParams,
    query: AuditQuery,
    responses: { 200: json('A page of the log', AuditLog, noStore) },
  },
  moderationWords: {
    summary: "The site's banned and suspect words",
    auth: 'moderator',
    params: SiteParams,
    responses: { 200: json('The word lists', WordLists, noStore) },
  },
  moderationSetWords: {
    summary: "Replace the site's banned and suspect words",
    description: 'Words are trimmed and de-duplicated ignoring case and width; posts are checked against the new lists at once.',
    auth: 'moderator',
    params: SiteParams,
    body: { schema: WordLists },
    responses: { 200: json('The word lists as stored', WordLists, noStore) },
  },
  moderationSettings: {
    summary: "The site's moderation policy: report threshold, pre-moderation, report reasons",
    auth: 'moderator',
    params: SiteParams,
    responses: { 200: json('The policy', ModerationPolicy, noStore) },
  },
} as const satisfies Record<string, Spec>;

/** The same operation for a site API key, server to server. */
function keyTwin<S extends Spec>(spec: S): Omit<S, 'auth' | 'errors'> & { auth: 'adminKey'; errors?: Spec['errors'] } {
  const { errors, ...rest } = spec;
  const { 403: _forbidden, ...own } = errors ?? {};
  return { ...rest, summary: `${spec.summary} (server to server)`, auth: 'adminKey', errors: own } as unknown as ReturnType<typeof keyTwin<S>>;
}

const specs = {
  bootstrap: {
    summary: 'Everything the first paint of a thread needs',
    description:
      'Site configuration, the thread, its first page of floors and, when a valid token is sent, the viewer. ' +
      'Anonymous responses carry an ETag and answer `If-None-Match` with 304. An expired visitor or guest token ' +
      'reads as none; a refused reader token is a 401.',
    auth: 'optional',
    params: SiteParams,
    query: BootstrapQuery,
    headers: { 'If-None-Match': { description: 'The ETag of an anonymous bootstrap held' } },
    responses: {
      200: json('The bootstrap', Bootstrap, {
        ETag: 'Only on anonymous responses (strong)',
        'Cache-Control': '`public, max-age=0, s-maxage=…, stale-while-revalidate=…` anonymous, `private, no-cache` with a token',
      }),
      304: { description: 'Not modified since the ETag sent in If-None-Match', schema: null },
    },
  },
  threadHtml: {
    summary: 'A thread rendered to HTML, for the host to include in its article page',
    description:
      'The first page of floors (oldest first), or page `p`, rendered from the same element templates as the widget ' +
      '(declarative shadow DOM), with schema.org `DiscussionForumPosting` JSON-LD, links to the other pages ' +
      '(`rel="prev"`/`"next"`, on the article URL with `?p=N`), the login link and the bootstrap the embed hydrates ' +
      'from without a request. Anonymous: tokens are not read. Carries an ETag per thread version and answers ' +
      '`If-None-Match` with 304; compressed with br or gzip when accepted. A page past the last one is a 404.',
    auth: 'none',
    params: SiteParams,
    query: ThreadHtmlQuery,
    headers: { 'If-None-Match': { description: 'The ETag of a fragment held' } },
    responses: {
      200: { description: 'The HTML fragment', schema: null, contentType: 'text/html', headers: { ETag: 'The thread version', 'Cache-Control': '`no-cache`' } },
      304: { description: 'Not modified since the ETag sent in If-None-Match', schema: null },
    },
    errors: { 404: 'No such site, or no such page of the thread (`not_found`)' },
  },
  listFloors: {
    summary: 'A page of floors, keyset-paginated',
    description:
      'A token, when sent, adds the caller\'s own reactions (`mine`) and floors only they may see; a refused one reads as none. ' +
      'Anonymous pages are the same for everyone: shared caches may keep them (`s-maxage`), and their strong ETag answers `If-None-Match` with 304.',
    auth: 'optional',
    params: SiteParams,
    query: FloorsQuery,
    headers: { 'If-None-Match': { description: 'The ETag of an anonymous page held' } },
    responses: {
      200: json('A page of floors', FloorPage, {
        ETag: 'Only on anonymous responses (strong)',
        'Cache-Control': '`public, max-age=0, s-maxage=…, stale-while-revalidate=…` anonymous, `private, no-cache` with a token',
      }),
      304: { description: 'Not modified since the ETag sent in If-None-Match', schema: null },
    },
  },
  createFloor: {
    summary: 'Post a reply floor',
    description: 'Creates the thread on first use. Requires a token signed by the host (HS256, aud = site id), or a guest token.',
    auth: 'signedIn',
    params: SiteParams,
    body: { schema: CreateFloor },
    responses: { 201: json('The new floor', Floor, { Location: 'The floor\'s URL' }) },
    errors: {
      403: 'The commenter is banned, or a guest token while guest mode is off (`forbidden`)',
      409: 'The same reader posted the same text a moment ago (`duplicate_post`)',
      422: 'The body has a word the site does not allow (`validation_failed`)',
      429: `${rateLimited}, or a post too soon after the last one`,
    },
  },
  getFloor: {
    summary: 'One floor by its number',
    auth: 'optional',
    params: FloorParams,
    query: FloorQuery,
    responses: { 200: json('The floor', Floor) },
  },
  editFloor: {
    summary: 'Edit your own floor within the site\'s edit window',
    description: 'The body goes through the same parser and limits as a new post; the floor gets `editedAt`.',
    auth: 'signedIn',
    params: FloorParams,
    body: { schema: EditFloor },
    responses: { 200: json('The edited floor', Floor) },
    errors: {
      403: 'Not your floor, or you are banned (`forbidden`)',
      409: 'The edit window has passed, or the floor is deleted (`conflict`)',
      422: 'The body has a word the site does not allow (`validation_failed`)',
      429: rateLimited,
    },
  },
  deleteFloor: {
    summary: 'Delete your own floor within the edit window, leaving a tombstone',
    description: 'The floor keeps its number and its replies; its body and author are removed.',
    auth: 'signedIn',
    params: FloorParams,
    query: FloorQuery,
    responses: { 200: json('The tombstone', Floor) },
    errors: {
      403: 'Not your floor (`forbidden`)',
      409: 'The edit window has passed, or the floor is already deleted (`conflict`)',
    },
  },
  floorSource: {
    summary: 'The Markdown source of your own floor, for editing it',
    auth: 'signedIn',
    params: FloorParams,
    query: FloorQuery,
    responses: { 200: json('The source', FloorSource, noStore) },
    errors: { 403: 'Not your floor (`forbidden`)', 409: 'The floor is deleted or hidden (`conflict`)' },
  },
  preview: {
    summary: 'Parse a body as a post would be, without saving it',
    description: "The site's length and link limits apply. No token needed.",
    auth: 'none',
    params: SiteParams,
    body: { schema: PreviewRequest },
    responses: { 200: json('The rich text tree', PreviewResult) },
  },
  counts: {
    summary: 'Reply counts of up to 100 pages in one request',
    description: 'Repeat `page` for each page key (`?page=a&page=b`). Pages without a thread count 0.',
    auth: 'none',
    params: SiteParams,
    query: CountsQuery,
    headers: { 'If-None-Match': { description: 'The ETag of the counts held' } },
    responses: {
      200: json('Counts by page key', Counts, { ETag: 'Strong', 'Cache-Control': '`public, max-age=0, s-maxage=…, stale-while-revalidate=…`' }),
      304: { description: 'Not modified since the ETag sent in If-None-Match', schema: null },
    },
  },
  events: {
    summary: 'Live events of a thread (Server-Sent Events)',
    description:
      'A `text/event-stream`: each message has `id:` (the event id), `event:` (the ThreadEvent type) and `data:` ' +
      '(the ThreadEvent as JSON). Reconnecting with `Last-Event-ID` (or `lastEventId` in the query, e.g. the ' +
      "bootstrap's `lastEventId`) resumes right after that event; without either the stream starts now. " +
      'A comment line is sent every 25 s of silence.',
    auth: 'none',
    params: SiteParams,
    query: EventsQuery,
    headers: { 'Last-Event-ID': { description: 'Resume after this event id' } },
    responses: {
      200: { description: 'The event stream; each `data:` is a ThreadEvent', schema: null, contentType: 'text/event-stream' },
    },
  },
  setReaction: {
    summary: "Set one of the caller's reactions on a target on or off",
    description:
      'Idempotent: the same state twice changes nothing. Turning on a key of an exclusive group turns the others off. ' +
      'A reader token, or a visitor token where the site allows anonymous reactions.',
    auth: 'actor',
    params: SiteParams,
    // A reaction is a few short fields.
    body: { schema: SetReaction, maxBytes: 4 * 1024 },
    responses: { 200: json("Counts and the caller's reactions on the target", ReactionState) },
    errors: {
      403: 'Own floor, a visitor where the site wants a sign-in, or a guest token while guest mode is off (`forbidden`)',
      429: rateLimited,
    },
  },
  reactionWho: {
    summary: 'The first page of readers who reacted with one key',
    auth: 'none',
    params: SiteParams,
    query: WhoQuery,
    responses: { 200: json('Names, newest first, and the total', ReactionWho) },
    errors: { 403: 'The site does not show who reacted (`forbidden`)' },
  },
  visitor: {
    summary: 'A visitor token for anonymous reactions',
    description: 'Only where the site allows anonymous reactions. Send it as the Bearer token of reaction requests.',
    auth: 'none',
    params: SiteParams,
    responses: { 200: json('The token', VisitorToken, noStore) },
    errors: { 403: 'The site does not allow anonymous reactions (`forbidden`)', 429: rateLimited },
  },
  createGuest: {
    summary: 'Start posting as a guest under a nickname',
    description:
      'Only on sites with guest mode on. Answers a server-signed guest token (not a host token: hosts cannot sign one); ' +
      "floors posted with it show the nickname with `role: 'guest'`. Nicknames are trimmed; control and invisible " +
      "characters, reserved words and the names of the site's signed-in readers are refused.",
    auth: 'none',
    params: SiteParams,
    body: { schema: CreateGuest },
    responses: { 201: json('The guest token', GuestToken, noStore) },
    errors: {
      403: 'The site has guest mode off (`forbidden`)',
      409: "The nickname is reserved or a signed-in reader's name (`name_taken`)",
      429: rateLimited,
    },
  },

  createShare: {
    summary: "The reader's tracked link for a page and a share channel",
    description:
      'The same link every time for the same reader, page and channel; creates the thread on first use. ' +
      "Where the channel's rule is verified by `intent`, the press itself earns points within the rule's limits.",
    auth: 'reader',
    params: SiteParams,
    body: { schema: CreateShare },
    responses: { 201: json('The tracked link and what it earns', Share) },
    errors: { 429: rateLimited },
  },
  shareStatus: {
    summary: "What the reader's shares of a page earn, per channel",
    description:
      'For each channel with an active share rule: its points, what this page earned the reader through it in the ' +
      "rule's current cycle, and whether the rule's limit or the reader's daily cap is used up.",
    auth: 'reader',
    params: SiteParams,
    query: ShareStatusQuery,
    responses: { 200: json('One row per channel', ShareStatus, noStore) },
  },
  recordVisit: {
    summary: 'A page opened through a tracked link',
    description:
      "Send the reader's token or the visitor token the widget holds; a visitor token also counts as the visitor id. " +
      'The sharer earns for distinct visitors other than themselves, within the per-IP window.',
    auth: 'optional',
    params: SiteParams,
    body: { schema: RecordVisit },
    responses: { 200: json('Whether the visit was recorded as new', VisitResult) },
    errors: {
      403: 'A guest token while the site has guest mode off (`forbidden`)',
      404: 'Unknown site or tracked link code (`not_found`)',
      429: rateLimited,
    },
  },
  checkin: {
    summary: 'Daily check-in',
    description: "Earns the site's `daily_visit` rule within its limits; repeating it changes nothing. No body.",
    auth: 'reader',
    params: SiteParams,
    responses: { 200: json('What the check-in earned and the balance after it', CheckinResult) },
  },
  pointsMe: {
    summary: "The reader's balance",
    auth: 'reader',
    params: SiteParams,
    responses: { 200: json('Available and pending points', PointsBalance, noStore) },
  },
  pointsHistory: {
    summary: "The reader's ledger entries, newest first",
    description: '`limit` is 1 to 100 (default 20). Pass `next` back as `cursor` for the following page; `next` is null at the end.',
    auth: 'reader',
    params: SiteParams,
    query: HistoryQuery,
    responses: { 200: json('A page of entries', PointsHistory, noStore) },
  },
  pointsRules: {
    summary: "The site's currency and reward rules",
    auth: 'none',
    params: SiteParams,
    responses: { 200: json('The rules', PointsRules, { 'Cache-Control': '`public, max-age=60`' }) },
  },
  leaderboard: {
    summary: 'The top 20 earners of a period',
    description: '`period` defaults to `all`.',
    auth: 'none',
    params: SiteParams,
    query: LeaderboardQuery,
    responses: { 200: json('The leaderboard', Leaderboard, { 'Cache-Control': '`public, max-age=30`' }) },
    errors: { 404: 'Unknown site, or the site has turned its leaderboard off (`not_found`)' },
  },
  adminDebit: {
    summary: "Spend a reader's points (server to server)",
    description: 'Idempotent by `idempotencyKey`: the same key again answers 200 with the same entry, debited once.',
    auth: 'adminKey',
    params: SiteParams,
    body: { schema: DebitRequest },
    responses: {
      201: json('The debit entry, with the balance after it', AdminLedgerEntry),
      200: json('The entry an earlier request with this idempotency key made', AdminLedgerEntry),
    },
    errors: { 409: 'Insufficient balance, or the idempotency key was used for a different debit (`conflict`)' },
  },
  adminReverse: {
    summary: 'Reverse a ledger entry (server to server)',
    description: 'Records an entry of the opposite delta. Repeating it answers 200 with the same reversal. The body may be empty.',
    auth: 'adminKey',
    params: AdminEntryParams,
    body: { schema: ReverseRequest, required: false },
    responses: {
      201: json('The reversal', AdminLedgerEntry),
      200: json('The reversal an earlier request made', AdminLedgerEntry),
    },
    errors: { 404: 'Unknown site or ledger entry (`not_found`)', 409: 'The entry is itself a reversal (`conflict`)' },
  },

  adminListRoles: {
    summary: 'Moderators and admins of the site (server to server)',
    description: 'From the site configuration and from grants of this API, merged by user.',
    auth: 'adminKey',
    params: SiteParams,
    responses: { 200: json('Every user with a role above reader', SiteRoles) },
  },
  adminGetRole: {
    summary: "One user's role (server to server)",
    auth: 'adminKey',
    params: RoleParams,
    responses: { 200: json('The role that counts and where it comes from', UserRole) },
  },
  adminGrantRole: {
    summary: 'Grant moderator or admin (server to server)',
    description: 'Replaces an earlier grant; the role that counts is the higher of the grant and the site configuration.',
    auth: 'adminKey',
    params: RoleParams,
    body: { schema: SetRole },
    responses: { 200: json('The role after the grant', UserRole) },
  },
  adminRevokeRole: {
    summary: 'Revoke the grant (server to server)',
    description: 'A role set by the site configuration stays until the configuration changes.',
    auth: 'adminKey',
    params: RoleParams,
    responses: { 200: json('The role after the revocation', UserRole) },
  },

  reportFloor: {
    summary: 'Report a floor (举报)',
    description:
      "A signed-in reader, once per floor: reporting again answers 200 and changes nothing. When the site's " +
      '`reportThreshold` distinct readers have reported a floor, it is hidden until a moderator reviews it.',
    auth: 'signedIn',
    params: FloorParams,
    body: { schema: CreateReport },
    responses: {
      201: json('The report', ReportReceipt),
      200: json('This reader had reported the floor already', ReportReceipt),
    },
    errors: {
      403: 'Your own floor, you are banned, or a guest token while guest mode is off (`forbidden`)',
      409: 'The floor is deleted (`conflict`)',
      429: rateLimited,
    },
  },
  ...moderation,
  adminModerationQueue: keyTwin(moderation.moderationQueue),
  adminModerationFloor: keyTwin(moderation.moderationFloor),
  adminModerateFloor: keyTwin(moderation.moderateFloor),
  adminModerationBans: keyTwin(moderation.moderationBans),
  adminModerationBan: keyTwin(moderation.moderationBan),
  adminModerationUnban: keyTwin(moderation.moderationUnban),
  adminModerationAudit: keyTwin(moderation.moderationAudit),
  adminModerationWords: keyTwin(moderation.moderationWords),
  adminModerationSetWords: keyTwin(moderation.moderationSetWords),
  adminModerationSettings: keyTwin(moderation.moderationSettings),

  stickers: {
    summary: "The site's sticker packs (表情), as the composer's panel lists them",
    description: 'A body names a sticker as `:pack/name:`; its image is at the `sticker` path.',
    auth: 'none',
    params: SiteParams,
    responses: { 200: json('Packs in the order they were installed', StickerList, { 'Cache-Control': '`public, max-age=60`' }) },
  },
  sticker: {
    summary: "One sticker's image",
    description: 'PNG, GIF, WebP or JPEG, as installed by `teahouse stickers add`; revalidated by its `ETag`.',
    auth: 'none',
    params: StickerParams,
    responses: {
      200: { description: 'The image', schema: null, contentType: 'image/*', headers: { 'Cache-Control': '`public, max-age=604800, stale-while-revalidate=86400`', ETag: 'a digest of the image' } },
      304: { description: 'The image has not changed (`If-None-Match`)', schema: null },
    },
    errors: { 404: 'No such sticker on the site (`not_found`)' },
  },
  listNotices: {
    summary: "The reader's notices (消息), newest activity first",
    description:
      'Replies to, quotes and @mentions of their floors, awards and moderation outcomes, never for their own actions. ' +
      'Events of one kind on one floor group into one notice while it is unread ("3 人回复了你"). ' +
      '`limit` is 1 to 50 (default 20); pass `next` back as `cursor`.',
    auth: 'signedIn',
    params: SiteParams,
    query: NoticesQuery,
    responses: { 200: json('A page of notices and the unread count', NoticeList, noStore) },
  },
  unreadNotices: {
    summary: "The reader's unread notice count",
    auth: 'signedIn',
    params: SiteParams,
    responses: { 200: json('The count', UnreadCount, noStore) },
  },
  markNotices: {
    summary: 'Mark notices read: some by id, or all',
    description: 'Ids of other readers\' notices, or already read, are ignored.',
    auth: 'signedIn',
    params: SiteParams,
    body: { schema: MarkNotices, maxBytes: 8 * 1024 },
    responses: { 200: json('The unread count after', UnreadCount, noStore) },
  },
  noticeStream: {
    summary: "The reader's unread count, live (Server-Sent Events)",
    description:
      'A `text/event-stream` read with the Bearer token (fetch, not EventSource): an `unread` event with `{unread}` ' +
      'on connecting and whenever the reader\'s notices change, in this instance or another. A comment line every 25 s of silence.',
    auth: 'signedIn',
    params: SiteParams,
    responses: { 200: { description: 'The event stream; each `data:` is `{unread}`', schema: null, contentType: 'text/event-stream' } },
  },
  notifyPrefs: {
    summary: "The reader's mail settings for notices",
    auth: 'signedIn',
    params: SiteParams,
    responses: { 200: json('Mode, address and language', NotifyPrefs, noStore) },
  },
  setNotifyPrefs: {
    summary: "Change the reader's mail settings: immediate, daily digest or none",
    description: 'A guest may give or remove an address; a reader\'s address is the host token\'s `email` claim.',
    auth: 'signedIn',
    params: SiteParams,
    body: { schema: SetNotifyPrefs, maxBytes: 4 * 1024 },
    responses: { 200: json('The settings after', NotifyPrefs, noStore) },
    errors: { 403: 'A reader tried to set an address (it comes from the token), or a guest token while guest mode is off (`forbidden`)' },
  },
  unsubscribePage: {
    summary: 'The unsubscribe page a mail links to',
    description: 'Changes nothing (mail scanners open links): a page with a button that POSTs the same URL.',
    auth: 'none',
    params: SiteParams,
    query: UnsubscribeQuery,
    responses: { 200: { description: 'An HTML page', schema: null, contentType: 'text/html' } },
    errors: { 403: 'The link is not valid for this reader (`forbidden`)' },
  },
  unsubscribe: {
    summary: 'One-click unsubscribe (RFC 8058)',
    description:
      'The target of `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`: the mail client ' +
      'POSTs `List-Unsubscribe=One-Click` (form-encoded; the body is not needed). Sets the reader\'s mail to `none`.',
    auth: 'none',
    params: SiteParams,
    query: UnsubscribeQuery,
    responses: { 200: { description: 'An HTML page saying it is done', schema: null, contentType: 'text/html' } },
    errors: { 403: 'The link is not valid for this reader (`forbidden`)' },
  },

  openapi: {
    summary: 'This document',
    auth: 'none',
    responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.object({}), headers: { 'Cache-Control': '`public, max-age=300`' } } },
  },
  health: {
    summary: 'Liveness: the server answers',
    description: 'Answers as long as the process serves HTTP; it checks nothing else (see `/readyz`).',
    auth: 'none',
    responses: { 200: json('Always `{ok: true}`', z.object({ ok: z.boolean() }), noStore) },
  },
  ready: {
    summary: 'Readiness: the database answers, and Redis when one is configured',
    description:
      'For load balancers and orchestrators: take the instance out of rotation while this answers 503. ' +
      'Each check is a round trip (`select 1`, `PING`) bounded by a couple of seconds.',
    auth: 'none',
    responses: { 200: json('Ready, with each check and its result', Readiness, noStore) },
    errors: { 503: 'A dependency does not answer (`not_ready`, `details.issues` names it and why)' },
  },
} as const satisfies { [K in keyof typeof endpoints]: Spec };

type Endpoints = typeof endpoints;
type Specs = typeof specs;
/** The route table's type: each entry's address, schemas and the rest, as declared. */
export type RouteTable = { readonly [K in keyof Endpoints]: Endpoints[K] & Specs[K] };
export type RouteName = keyof RouteTable;

/** Every operation of the API, by operation id. */
export const routeTable = Object.fromEntries(
  Object.entries(specs).map(([name, spec]) => [name, { ...endpoints[name as RouteName], ...spec }]),
) as unknown as RouteTable;
