import { randomBytes } from 'node:crypto';

/** Row ids: 12 random bytes, base64url (16 characters). */
export const newId = (): string => randomBytes(12).toString('base64url');

/** Timestamps are ISO 8601 strings in UTC: they sort as text and read back alike on both dialects. */
export const now = (): string => new Date().toISOString();

/** Postgres text cannot hold NUL; no reader means one either. */
export const clean = (text: string): string => text.replace(/\0/g, '\uFFFD');
