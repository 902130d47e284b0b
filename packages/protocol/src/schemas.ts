import * as z from 'zod/mini';
import { RootNode } from './rich-text.js';
import { MyReactions, ReactionConfig, ReactionCounts } from './reaction-set.js';
import { FloorAward } from './award.js';

export const SITE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const MAX_BODY_LENGTH = 10_000;
export const MAX_PAGE_SIZE = 100;
/**
 * Floors per page, the bootstrap's first page included: a reader sees 5 floors on a phone's first
 * screen and 6 on a desktop's (bench/first-page.mjs), so 10 fill the first screen and the next,
 * as the forum pages readers know show 10; docs/performance.md has the figures.
 */
export const DEFAULT_PAGE_SIZE = 10;

export const SiteId = z.string().check(z.regex(SITE_ID_PATTERN, 'site ids are lowercase letters, digits, - and _'));
/** The host's own id of an article page (its CMS id, or the canonical URL path). */
export const PageKey = z.string().check(z.minLength(1), z.maxLength(512));
const HttpUrl = z.string().check(z.maxLength(2048), z.regex(/^https?:\/\/[^\s]+$/i, 'an http or https URL'));
const IsoTime = z.string().check(z.maxLength(40));

export const Role = z.enum(['reader', 'moderator', 'admin']);
export type Role = z.infer<typeof Role>;
/** A site role, or `guest`: a nickname from guest mode, not a signed-in reader of the host. */
export const AuthorRole = z.enum(['reader', 'moderator', 'admin', 'guest']);
export type AuthorRole = z.infer<typeof AuthorRole>;

export const Author = z.object({
  /** Site-scoped public id of the user. */
  id: z.string(),
  name: z.string(),
  avatar: z.nullable(HttpUrl),
  role: AuthorRole,
});
export type Author = z.infer<typeof Author>;

export const FloorKind = z.enum(['reply', 'share_award']);
export type FloorKind = z.infer<typeof FloorKind>;
export const FloorStatus = z.enum(['published', 'deleted', 'hidden', 'pending']);
export type FloorStatus = z.infer<typeof FloorStatus>;

/** What a floor shows of the floor it quotes: enough for the "X 发表于 T" block. */
export const QuotedFloor = z.object({
  number: z.int(),
  author: z.nullable(z.string()),
  createdAt: IsoTime,
  /** Plain-text excerpt of the quoted body; empty when the quoted floor is gone. */
  excerpt: z.string(),
  status: FloorStatus,
});
export type QuotedFloor = z.infer<typeof QuotedFloor>;

/**
 * IP属地: where a floor was posted from, by code (`CN-GX` for a province of China, ISO 3166 for a
 * country) with its name in each locale ("广西", "廣西", "Guangxi").
 */
export const FloorRegion = z.object({
  code: z.string(),
  'zh-CN': z.string(),
  'zh-TW': z.string(),
  en: z.string(),
});
export type FloorRegion = z.infer<typeof FloorRegion>;

export const Floor = z.object({
  id: z.string(),
  /** 2, 3, 4, …: floor 1 is the article itself. Never renumbered. */
  number: z.int(),
  kind: FloorKind,
  /** Null once the floor is deleted. */
  author: z.nullable(Author),
  /** The author wrote the article (楼主). */
  isOp: z.boolean(),
  /** Floor number this one replies to, if any. */
  parent: z.nullable(z.int()),
  quote: z.nullable(QuotedFloor),
  body: RootNode,
  status: FloorStatus,
  createdAt: IsoTime,
  editedAt: z.nullable(IsoTime),
  /** Reaction counts by key. */
  reactions: z.optional(ReactionCounts),
  /** `share_award` floors: what was earned, for the reader's locale to word. */
  award: z.optional(z.nullable(FloorAward)),
  /** A moderator keeps it at the top of the thread (置顶); only present when true. */
  pinned: z.optional(z.boolean()),
  /** IP属地, where the site shows it and the floor's region is known. */
  region: z.optional(FloorRegion),
  /** Moderators only: the author is shadow-banned, so no reader but the author sees this floor. */
  shadowed: z.optional(z.boolean()),
});
export type Floor = z.infer<typeof Floor>;

export const Thread = z.object({
  /** Null until the first floor is posted. */
  id: z.nullable(z.string()),
  site: z.string(),
  page: z.string(),
  url: z.nullable(z.string()),
  title: z.nullable(z.string()),
  /** The article's author (楼主), when the host has named one. */
  author: z.nullable(Author),
  /** Number of reply floors (share awards included), deleted ones included: they keep their number. */
  replyCount: z.int(),
  /** Highest floor number given out so far (1 when there are no replies). */
  lastFloor: z.int(),
  createdAt: z.nullable(IsoTime),
  /** Reaction counts of the article by key. */
  reactions: z.optional(ReactionCounts),
});
export type Thread = z.infer<typeof Thread>;

/** `hottest`: by reaction score, highest first, then by floor number. */
export const Sort = z.enum(['oldest', 'newest', 'hottest']);
export type Sort = z.infer<typeof Sort>;

/** `floors`: flat and chronological; `nested`: top-level floors with their replies beneath. */
export const View = z.enum(['floors', 'nested']);
export type View = z.infer<typeof View>;
/** Replies shown under each top-level floor of a nested page before "more". */
export const NESTED_REPLIES = 20;

/** The replies under one top-level floor, in floor order, in the nested view. */
export const ReplyGroup = z.object({
  /** Number of the top-level floor. */
  root: z.int(),
  floors: z.array(Floor),
  /** Replies under this root not in `floors` yet. */
  more: z.int(),
  /** Cursor for `GET floors?root=…&cursor=…`; null when every reply is here. */
  next: z.nullable(z.string()),
});
export type ReplyGroup = z.infer<typeof ReplyGroup>;

export const FloorPage = z.object({
  floors: z.array(Floor),
  /** Opaque cursor for the next page; null at the end. */
  next: z.nullable(z.string()),
  /** Nested view only: `floors` are the top-level floors, these their replies. */
  replies: z.optional(z.array(ReplyGroup)),
  /** The caller's own reactions on these floors; only when a token was sent. */
  mine: z.optional(MyReactions),
});
export type FloorPage = z.infer<typeof FloorPage>;

export const SiteConfig = z.object({
  id: z.string(),
  name: z.string(),
  /** Where the login prompt sends a reader, when the host gives one. */
  loginUrl: z.nullable(z.string()),
  registerUrl: z.nullable(z.string()),
  maxBodyLength: z.int(),
  /** Nested view: replies deeper than this are shown at this depth ("回复 @name"). */
  maxDepth: z.int(),
  /** The site's points rules page (本版积分规则), when it has one. */
  rulesUrl: z.nullable(z.string()),
  /** Links (autolinks included) one body may carry. */
  maxLinks: z.int(),
  /** Seconds after posting during which the author may edit or delete a floor. */
  editWindowSeconds: z.int(),
  /** The site's reaction set and rules; absent means the default pair 牛逼 / 垃圾. */
  reactions: z.optional(ReactionConfig),
  /** Guest mode: anonymous readers may post under a nickname (`POST …/guests`). */
  guests: z.optional(z.boolean()),
});
export type SiteConfig = z.infer<typeof SiteConfig>;

export const Viewer = z.object({ user: Author });
export type Viewer = z.infer<typeof Viewer>;

/** Everything first paint needs, in one response. */
export const Bootstrap = z.object({
  site: SiteConfig,
  thread: Thread,
  page: FloorPage,
  sort: Sort,
  view: z.optional(View),
  /** Present only when the request carried a valid token. */
  viewer: z.nullable(Viewer),
  /** The thread's last event when this snapshot was taken: subscribe after it to miss nothing. */
  lastEventId: z.nullable(z.string()),
  /** 热门回复: the top-scored floors, when the site shows them. */
  hot: z.optional(z.array(Floor)),
  /** Floors a moderator pinned (置顶), most recently pinned first; absent when there are none. */
  pinned: z.optional(z.array(Floor)),
  /** The caller's own reactions on the article (`"1"`) and the floors of `page` (and `hot`); only with a token. */
  mine: z.optional(MyReactions),
});
export type Bootstrap = z.infer<typeof Bootstrap>;

function IntString(min: number, max: number) {
  return (
  z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, 'a whole number')),
    z.pipe(z.transform((v: string) => Number(v)), z.number().check(z.minimum(min), z.maximum(max))),
  ));
}
export const CursorString = z.string().check(z.maxLength(200));
/** An author's public id (`Author.id`). */
export const AuthorId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'an author id'));

export const BootstrapQuery = z.object({
  page: PageKey,
  sort: z.optional(Sort),
  limit: z.optional(IntString(1, MAX_PAGE_SIZE)),
  view: z.optional(View),
});
export type BootstrapQuery = z.input<typeof BootstrapQuery>;

/** The server-rendered thread: the host's page key and the numbered page of floors (oldest first) it shows. */
export const ThreadHtmlQuery = z.object({
  page: PageKey,
  /** Numbered page of the floors view, 1 (default) being the first. */
  p: z.optional(IntString(1, 10_000_000)),
  /** Language of the words around the floors (a BCP 47 tag, resolved as the widget resolves a page's `lang`). Default: zh-CN. */
  lang: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/, 'a language tag'))),
});
export type ThreadHtmlQuery = z.input<typeof ThreadHtmlQuery>;

export const FloorsQuery = z.object({
  page: PageKey,
  sort: z.optional(Sort),
  limit: z.optional(IntString(1, MAX_PAGE_SIZE)),
  cursor: z.optional(CursorString),
  view: z.optional(View),
  /** Only this author's floors. */
  author: z.optional(AuthorId),
  /** Start at this floor number (inclusive): the page a jump or a numbered page shows. */
  from: z.optional(IntString(1, 2_000_000_000)),
  /** The replies under this top-level floor (nested view), oldest first. */
  root: z.optional(IntString(2, 2_000_000_000)),
});
export type FloorsQuery = z.input<typeof FloorsQuery>;

export const FloorParams = z.object({ site: SiteId, number: IntString(1, 2_000_000_000) });
export const SiteParams = z.object({ site: SiteId });
export const FloorQuery = z.object({ page: PageKey });

export const CreateFloor = z.object({
  page: PageKey,
  /** The article's canonical URL and title, recorded when the thread is created. */
  url: z.optional(HttpUrl),
  title: z.optional(z.string().check(z.maxLength(300))),
  body: z.string().check(z.minLength(1), z.maxLength(MAX_BODY_LENGTH)),
  /** Floor number being replied to. */
  parent: z.optional(z.int().check(z.minimum(1))),
  /** Floor number being quoted. */
  quote: z.optional(z.int().check(z.minimum(1))),
});
export type CreateFloor = z.infer<typeof CreateFloor>;
