import { HttpError, NetworkError, TimeoutError } from '@teahouse/client';
import type { Messages } from './messages.js';

/** A reader-facing sentence for an error the client threw. */
export function errorMessage(m: Messages, error: unknown): string {
  if (error instanceof HttpError) return (error.code && m.errors[error.code]) || m.errors.unknown;
  if (error instanceof TimeoutError) return m.errors.timeout;
  if (error instanceof NetworkError) return m.errors.network;
  return m.errors.unknown;
}
