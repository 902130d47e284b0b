import * as z from 'zod/mini';
import { PageKey } from './schemas.js';

/** Pages one counts request may ask for. */
export const MAX_COUNT_PAGES = 100;

/** `GET counts?page=a&page=b…`: the reply counts of up to 100 pages of a site, in one request. */
export const CountsQuery = z.object({
  page: z.array(PageKey).check(z.minLength(1), z.maxLength(MAX_COUNT_PAGES)),
});
export type CountsQuery = z.input<typeof CountsQuery>;

/** Reply counts by page key; a page without a thread counts 0. */
export const Counts = z.object({ counts: z.record(z.string(), z.int()) });
export type Counts = z.infer<typeof Counts>;
