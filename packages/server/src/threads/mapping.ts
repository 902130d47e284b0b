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

/** A floor as `scope` sees it (by default as every reader does): content only where it may be shown. */
export function toFloor(row: FloorRow, threadAuthorId: string | null, scope: Scope = PUBLIC): Floor {
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
    body: visible ? parseStoredBody(row.body_json) : { type: 'root', children: [] },
    status,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    ...(row.award ? { award: visible ? parseAward(row.award) : null } : {}),
    ...(row.pinned_at !== null && status === 'published' ? { pinned: true } : {}),
    ...(row.shadow && scope.kind === 'moderator' ? { shadowed: true } : {}),
    ...(visible && row.region ? withRegion(row.region) : {}),
  };
}
