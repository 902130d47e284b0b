import type { Sort } from '@teahouse/protocol';
import { invalid } from '../errors.js';

/**
 * Cursors are opaque to clients: base64url of the sort and the last floor number served.
 * The sort is inside so that a cursor cannot silently continue a page in the other direction.
 */
export function encodeCursor(sort: Sort, after: number): string {
  return Buffer.from(`v1.${sort === 'newest' ? 'n' : 'o'}.${after}`).toString('base64url');
}

export function decodeCursor(cursor: string, sort: Sort): number {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('latin1') : '';
  const match = /^v1\.([on])\.(\d{1,10})$/.exec(text);
  const after = match ? Number(match[2]) : NaN;
  if (!match || !(after >= 1 && after <= 2_147_483_647)) {
    throw invalid('the cursor is not one this server gave out', [{ path: ['cursor'], message: 'invalid cursor' }]);
  }
  if ((match[1] === 'n') !== (sort === 'newest')) {
    throw invalid('the cursor belongs to the other sort order', [{ path: ['cursor'], message: 'cursor and sort differ' }]);
  }
  return after;
}
