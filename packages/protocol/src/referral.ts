import * as z from 'zod/mini';

// Visits through tracked links, in a module of their own: every page with the widget records them,
// so the script-tag bundle takes these few declarations without the rest of the rewards protocol.

/** `POST`: a page opened through a tracked link (`rewardRoutes.visits`). */
export const VISITS_ROUTE = '/v1/sites/{site}/visits';

/** The query parameter a tracked link carries its referral code in. */
export const REFERRAL_PARAM = 'th_ref';
/** Referral codes: 8 base62 characters. */
export const REFERRAL_CODE_PATTERN = /^[0-9A-Za-z]{8}$/;

/** `POST visits`: a page opened through a tracked link. */
export const RecordVisit = z.object({
  code: z.string().check(z.regex(REFERRAL_CODE_PATTERN, 'a referral code')),
  /** The visitor's anonymous id or visitor token; a signed-in visitor is known by their token. */
  visitor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
});
export type RecordVisit = z.infer<typeof RecordVisit>;

export const VisitResult = z.object({ recorded: z.boolean() });
export type VisitResult = z.infer<typeof VisitResult>;
