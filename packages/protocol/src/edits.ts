import * as z from 'zod/mini';
import { RootNode } from './rich-text.js';
import { MAX_BODY_LENGTH, PageKey } from './schemas.js';

/** How long after posting an author may still edit or delete, unless the site says otherwise. */
export const DEFAULT_EDIT_WINDOW_SECONDS = 900;
/** Links (autolinks included) one body may carry, unless the site says otherwise. */
export const DEFAULT_MAX_LINKS = 10;

const Body = z.string().check(z.minLength(1), z.maxLength(MAX_BODY_LENGTH));

/** `PATCH /v1/sites/{site}/floors/{number}`: the author rewrites their floor. */
export const EditFloor = z.object({ page: PageKey, body: Body });
export type EditFloor = z.infer<typeof EditFloor>;

/** `POST /v1/sites/{site}/preview`: parse without saving. */
export const PreviewRequest = z.object({ body: Body });
export type PreviewRequest = z.infer<typeof PreviewRequest>;

export const PreviewResult = z.object({ body: RootNode });
export type PreviewResult = z.infer<typeof PreviewResult>;

/** `GET …/floors/{number}/source`: the Markdown the author wrote, for their edit form. */
export const FloorSource = z.object({ source: z.string() });
export type FloorSource = z.infer<typeof FloorSource>;
