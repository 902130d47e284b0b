import type { ErrorBody, ErrorCode } from '@teahouse/protocol';

/** Base class of every error the client throws. */
export class TeahouseError extends Error {
  override name = 'TeahouseError';
}

/** The server answered with a non-2xx status. */
export class HttpError extends TeahouseError {
  override name = 'HttpError';
  /** HTTP status code. */
  readonly status: number;
  /** The protocol error body, when the response carried a valid one. */
  readonly body: ErrorBody | undefined;
  /** The protocol error code, when known. */
  readonly code: ErrorCode | undefined;
  /** The request that failed. */
  readonly request: Request;

  constructor(status: number, body: ErrorBody | undefined, request: Request) {
    super(body?.error.message ?? `HTTP ${status}: ${request.method} ${request.url}`);
    this.status = status;
    this.body = body;
    this.code = body?.error.code;
    this.request = request;
  }
}

/** The request took longer than the configured timeout. */
export class TimeoutError extends TeahouseError {
  override name = 'TimeoutError';
}

/** The request never got a response (offline, DNS, CORS refusal, connection reset). */
export class NetworkError extends TeahouseError {
  override name = 'NetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One problem found when a response did not match the protocol. */
export interface ValidationIssue {
  path: PropertyKey[];
  message: string;
}

/** A response did not match the protocol schema. */
export class ValidationError extends TeahouseError {
  override name = 'ValidationError';
  /** What did not match, as reported by the schema. */
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[]) {
    super(message);
    this.issues = issues;
  }
}
