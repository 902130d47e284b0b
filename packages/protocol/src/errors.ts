import * as z from 'zod/mini';
import { TOKEN_ERROR_CODES, type TokenErrorCode } from './identity.js';

/** Every error the API returns carries one of these codes. */
export const ErrorCode = {
  ValidationFailed: 'validation_failed',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  Conflict: 'conflict',
  RateLimited: 'rate_limited',
  PayloadTooLarge: 'payload_too_large',
  Internal: 'internal',
  /** The same reader posted the same text a moment ago (409). */
  DuplicatePost: 'duplicate_post',
  /** Guest mode: the nickname is reserved or a signed-in reader's name (409). */
  NameTaken: 'name_taken',
  /**
   * The request comes from a page whose origin the site does not list (403). The answer carries
   * CORS headers for that origin so the widget can read it and say the site is not set up for
   * the page; nothing else is answered to such an origin.
   */
  OriginNotAllowed: 'origin_not_allowed',
  /** `/readyz`: the database (or Redis, when configured) does not answer (503). */
  NotReady: 'not_ready',
} as const;
/** `ErrorCode` lists the general codes; a refused reader token has one of `TOKEN_ERROR_CODES`. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | TokenErrorCode;

// Every code of the object above, then the token codes: the same list, named once.
export const ErrorCodeSchema = z.enum([
  ...(Object.values(ErrorCode) as (typeof ErrorCode)[keyof typeof ErrorCode][]),
  ...TOKEN_ERROR_CODES,
]);

export const ErrorIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type ErrorIssue = z.infer<typeof ErrorIssue>;

/** The one error body: `{error: {code, message, details?}}`. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    details: z.optional(z.object({
      issues: z.optional(z.array(ErrorIssue)),
      /** `rate_limited`: seconds until a retry can succeed, as in the `Retry-After` header. */
      retryAfter: z.optional(z.number()),
      /** `forbidden` for a banned commenter: until when (null: permanent) and why. */
      ban: z.optional(z.object({ until: z.nullable(z.string()), reason: z.nullable(z.string()) })),
    })),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
