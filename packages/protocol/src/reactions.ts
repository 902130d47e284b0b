import * as z from 'zod/mini';
import { ReactionCounts, ReactionKey } from './reaction-set.js';
import { PageKey } from './schemas.js';

const HttpUrl = z.string().check(z.maxLength(2048), z.regex(/^https?:\/\/[^\s]+$/i, 'an http or https URL'));
const FloorNumber = z.int().check(z.minimum(1), z.maximum(2_147_483_647));

/** `PUT /v1/sites/{site}/reactions`: sets one reaction of the caller on or off. */
export const SetReaction = z.object({
  page: PageKey,
  /** Floor number; 1 is the article. */
  target: FloorNumber,
  key: ReactionKey,
  /** The state wanted, not a toggle: sending the same state twice changes nothing. */
  on: z.boolean(),
  /** The article's canonical URL and title, recorded when a reaction to the article creates the thread. */
  url: z.optional(HttpUrl),
  title: z.optional(z.string().check(z.maxLength(300))),
});
export type SetReaction = z.infer<typeof SetReaction>;

/** A target's counts and the caller's own reactions on it after a change. */
export const ReactionState = z.object({
  target: z.int(),
  counts: ReactionCounts,
  mine: z.array(z.string()),
});
export type ReactionState = z.infer<typeof ReactionState>;

export const WhoQuery = z.object({
  page: PageKey,
  target: z.pipe(
    z.string().check(z.regex(/^\d{1,10}$/, 'a floor number')),
    z.pipe(z.transform((v: string) => Number(v)), FloorNumber),
  ),
  key: ReactionKey,
});
export type WhoQuery = z.input<typeof WhoQuery>;

/** The first page of signed-in readers who reacted with one key, newest first. */
export const ReactionWho = z.object({
  users: z.array(z.object({ name: z.string(), avatar: z.nullable(z.string()) })),
  /** All reactions with that key, visitors included. */
  total: z.int(),
});
export type ReactionWho = z.infer<typeof ReactionWho>;

/** `POST /v1/sites/{site}/visitor`: a token that identifies an anonymous reader's browser. */
export const VisitorToken = z.object({
  token: z.string(),
  /** ISO time after which the token is refused. */
  expiresAt: z.string(),
});
export type VisitorToken = z.infer<typeof VisitorToken>;
