import { HttpError, NetworkError, TimeoutError } from '@teahouse/client';
import type { Messages } from './messages.js';

/**
 * A reader-facing sentence for an error the client threw. `time` words the end of a ban
 * (default: as the browser writes a date and time).
 */
export function errorMessage(m: Messages, error: unknown, time = (iso: string) => new Date(iso).toLocaleString()): string {
  if (error instanceof HttpError) {
    const ban = error.body?.error.details?.ban;
    if (ban) return m.banned(ban.until && time(ban.until));
    const wait = error.body?.error.details?.retryAfter;
    if (wait) return m.tooFast(wait);
    // A code without words of its own (a refused token's `token_*`) reads as its status does.
    return (m.errors as Record<string, string>)[error.code!] ?? m.errors[error.status === 401 ? 'unauthorized' : 'unknown'];
  }
  if (error instanceof TimeoutError) return m.errors.timeout;
  if (error instanceof NetworkError) return m.errors.network;
  return m.errors.unknown;
}
