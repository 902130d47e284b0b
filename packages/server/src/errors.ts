import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode, ErrorIssue } from '@teahouse/protocol';

/** A failure that maps onto one protocol error body; thrown anywhere, rendered in one place. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly details: { issues?: ErrorIssue[] } | undefined;

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, details?: { issues?: ErrorIssue[] }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  toBody(): { error: { code: ErrorCode; message: string; details?: { issues?: ErrorIssue[] } } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const invalid = (message: string, issues?: ErrorIssue[]) =>
  new ApiError(400, 'validation_failed', message, issues ? { issues } : undefined);
