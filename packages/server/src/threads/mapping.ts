import { RootNode, excerpt, type Floor, type FloorAward, type FloorRegion, type QuotedFloor } from '@teahouse/protocol';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.js';
import { PUBLIC, sight, type Scope } from '../moderation/visibility.js';
import { regionNames } from '../region/regions.js';

/**
 * Floors of a thread with what a page shows of them: the author, and the quoted floor with its
 * author. `k` is the unit of work's `trx` where a floor must be read before its commit.
 */
export function floorQuery(k: Kysely<Tables>, threadId: string) {
  return k
    .selectFrom('floors as f')
    .leftJoin('users as u', 'u.id', 'f.author_user_id')
    .leftJoin('floors as q', (join) => join.onRef('q.thread_id', '=', 'f.thread_id').onRef('q.number', '=', 'f.quote_number'))
    .leftJoin('users as qu', 'qu.id', 'q.author_user_id')
    .select([
      'f.id', 'f.number', 'f.kind', 'f.author_user_id', 'f.parent_number', 'f.quote_number', 'f.body_json',
      'f.status', 'f.created_at', 'f.edited_at', 'f.award', 'f.shadow', 'f.pinned_at', 'f.region',
      'u.name as u_name', 'u.avatar as u_avatar', 'u.role as u_role',
      'q.body_json as q_body', 'q.status as q_status', 'q.created_at as q_created_at', 'qu.name as qu_name',
      'q.shadow as q_shadow', 'q.author_user_id as q_author',
    ])
    .where('f.thread_id', '=', threadId);
}

export type FloorRow = Awaited<ReturnType<ReturnType<typeof floorQuery>['execute']>>[number];

function parseStoredBody(json: string): RootNode {
  try {
    return JSON.parse(json) as RootNode;
  } catch {
    return { type: 'root', children: [] };
  }
}

const parseAward = (json: string): FloorAward | null => {
  try {
    return JSON.parse(json) as FloorAward;
  } catch {
    return null;
  }
};

function withRegion(code: string): { region?: FloorRegion } {
  const region = regionNames(code);
  return region ? { region } : {};
}

/**
 * The stored JSON of a floor's body, carried beside it (a symbol: spreading the floor keeps it,
 * JSON.stringify does not see it) by floors mapped for {@link pageJson}, whose `body` is left empty.
 */
export const RAW_BODY = Symbol('stored body JSON');
type RawFloor = Floor & { [RAW_BODY]?: string };
const EMPTY_ROOT: RootNode = Object.freeze({ type: 'root', children: [] }) as unknown as RootNode;

/**
 * A floor as `scope` sees it (by default as every reader does): content only where it may be
 * shown. With `raw`, a shown body is not parsed: it stays as stored, for {@link pageJson} to send.
 */
export function toFloor(row: FloorRow, threadAuthorId: string | null, scope: Scope = PUBLIC, raw = false): Floor {
  const status = row.status;
  const visible = sight(scope, row) === 'full';
  let quote: QuotedFloor | null = null;
  if (row.quote_number !== null && row.q_status !== null && row.q_created_at !== null) {
    const quoted = sight(scope, { status: row.q_status, shadow: row.q_shadow ?? 0, author_user_id: row.q_author });
    const quotedVisible = quoted === 'full';
    quote = {
      number: row.quote_number,
      author: quotedVisible ? row.qu_name : null,
      createdAt: row.q_created_at,
      excerpt: quotedVisible && row.q_body !== null ? excerpt(parseStoredBody(row.q_body)) : '',
      // A floor this reader may not see reads as hidden, whatever it is.
      status: quoted === 'none' ? 'hidden' : row.q_status,
    };
  }
  const author = visible && row.author_user_id && row.u_name !== null && row.u_role !== null
    ? { id: row.author_user_id, name: row.u_name, avatar: row.u_avatar, role: row.u_role }
    : null;
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    author,
    isOp: threadAuthorId !== null && row.author_user_id === threadAuthorId,
    parent: row.parent_number,
    quote,
    // Bodies are stored by JSON.stringify (an import may store none: '').
    body: !visible ? { type: 'root', children: [] } : raw && row.body_json.startsWith('{') ? EMPTY_ROOT : parseStoredBody(row.body_json),
    status,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    ...(row.award ? { award: visible ? parseAward(row.award) : null } : {}),
    ...(row.pinned_at !== null && status === 'published' ? { pinned: true } : {}),
    ...(row.shadow && scope.kind === 'moderator' ? { shadowed: true } : {}),
    ...(visible && row.region ? withRegion(row.region) : {}),
    ...(visible && raw && row.body_json.startsWith('{') ? { [RAW_BODY]: row.body_json } : {}),
  } as RawFloor;
}

function floorJson(floor: RawFloor): string {
  const raw = floor[RAW_BODY];
  if (raw === undefined) return JSON.stringify(floor);
  const { body: _body, ...rest } = floor;
  return `${JSON.stringify(rest).slice(0, -1)},"body":${raw}}`;
}

/**
 * The JSON of a page of floors (and whatever else the answer carries beside `floors`), with the
 * bodies of floors mapped `raw` written as stored rather than parsed and serialised again.
 */
export function pageJson(page: { floors: readonly Floor[] } & object): string {
  const { floors, ...rest } = page;
  const tail = JSON.stringify(rest);
  return `{"floors":[${floors.map(floorJson).join(',')}]${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
}
