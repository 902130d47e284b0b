import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode, ErrorIssue, TokenErrorCode } from '@teahouse/protocol';

/** What an error body's `details` may carry. */
export interface ErrorDetails {
  issues?: ErrorIssue[];
  retryAfter?: number;
  ban?: { until: string | null; reason: string | null };
}

/**
 * A failure that maps onto one protocol error body. It is Hono's `HTTPException`, so anything that
 * handles those handles it; thrown anywhere, it is rendered in one place (middleware/errors).
 */
export class ApiError extends HTTPException {
  override readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, details?: ErrorDetails) {
    super(status, { message });
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  toBody(): { error: { code: ErrorCode; message: string; details?: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

// One constructor per code; a code that comes with several statuses takes the status too.

/** 400 (415 for a body that is not JSON, 422 for content the site refuses): `validation_failed`. */
export const invalid = (message: string, issues?: ErrorIssue[], status: 400 | 415 | 422 = 400) =>
  new ApiError(status, 'validation_failed', message, issues ? { issues } : undefined);
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
/** 401 with the code that says why a token was refused. */
export const tokenError = (code: TokenErrorCode, message: string) => new ApiError(401, code, message);
export const forbidden = (message: string, details?: ErrorDetails) => new ApiError(403, 'forbidden', message, details);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const duplicatePost = (message: string) => new ApiError(409, 'duplicate_post', message);
export const nameTaken = (message: string) => new ApiError(409, 'name_taken', message);
/** 413, and 431 for request headers too large. */
export const payloadTooLarge = (message: string, status: 413 | 431 = 413) => new ApiError(status, 'payload_too_large', message);
export const internal = (message = 'internal server error') => new ApiError(500, 'internal', message);
