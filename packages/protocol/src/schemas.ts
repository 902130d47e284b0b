import * as z from 'zod/mini';
import { RootNode } from './rich-text.js';

export const SITE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const MAX_BODY_LENGTH = 10_000;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 30;

export const SiteId = z.string().check(z.regex(SITE_ID_PATTERN, 'site ids are lowercase letters, digits, - and _'));
/** The host's own id of an article page (its CMS id, or the canonical URL path). */
export const PageKey = z.string().check(z.minLength(1), z.maxLength(512));
const HttpUrl = z.string().check(z.maxLength(2048), z.regex(/^https?:\/\/[^\s]+$/i, 'an http or https URL'));
const IsoTime = z.string().check(z.maxLength(40));

export const Role = z.enum(['reader', 'moderator', 'admin']);
export type Role = z.infer<typeof Role>;

export const Author = z.object({
  /** Site-scoped public id of the user. */
  id: z.string(),
  name: z.string(),
  avatar: z.nullable(HttpUrl),
  role: Role,
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
});
export type Thread = z.infer<typeof Thread>;

export const Sort = z.enum(['oldest', 'newest']);
export type Sort = z.infer<typeof Sort>;

export const FloorPage = z.object({
  floors: z.array(Floor),
  /** Opaque cursor for the next page; null at the end. */
  next: z.nullable(z.string()),
});
export type FloorPage = z.infer<typeof FloorPage>;

export const SiteConfig = z.object({
  id: z.string(),
  name: z.string(),
  /** Where the login prompt sends a reader, when the host gives one. */
  loginUrl: z.nullable(z.string()),
  registerUrl: z.nullable(z.string()),
  maxBodyLength: z.int(),
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
  /** Present only when the request carried a valid token. */
  viewer: z.nullable(Viewer),
});
export type Bootstrap = z.infer<typeof Bootstrap>;

const IntString = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, 'a whole number')),
    z.pipe(z.transform((v: string) => Number(v)), z.number().check(z.minimum(min), z.maximum(max))),
  );
export const CursorString = z.string().check(z.maxLength(200));

export const BootstrapQuery = z.object({
  page: PageKey,
  sort: z.optional(Sort),
  limit: z.optional(IntString(1, MAX_PAGE_SIZE)),
});
export type BootstrapQuery = z.input<typeof BootstrapQuery>;

export const FloorsQuery = z.object({
  page: PageKey,
  sort: z.optional(Sort),
  limit: z.optional(IntString(1, MAX_PAGE_SIZE)),
  cursor: z.optional(CursorString),
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
