import type { Floor } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Site } from '../sites/sites.js';
import { floorQuery, toFloor } from '../threads/mapping.js';
import type { ListedThread } from '../threads/threads.js';
import { countsFor, shownCounts } from '../reactions/reactions.js';
import { visibleWhere, type Scope } from './visibility.js';

/** Pinned floors a thread shows above its floors, at most this many. */
export const MAX_PINNED = 5;

/** The thread's pinned floors (置顶) as `scope` sees them, most recently pinned first, with their reaction counts. */
export async function pinnedFloors(
  db: Database,
  site: Site,
  thread: ListedThread,
  scope: Scope,
): Promise<Floor[]> {
  if (!thread) return [];
  const rows = await floorQuery(db.kysely, thread.id)
    .where('f.pinned_at', 'is not', null)
    .where('f.status', '=', 'published')
    .where(visibleWhere(scope))
    .orderBy('f.pinned_at', 'desc')
    .limit(MAX_PINNED)
    .execute();
  if (rows.length === 0) return [];
  const counts = await countsFor(db.kysely, thread.id, rows.map((row) => row.number));
  return rows.map((row) => ({ ...toFloor(row, thread.author_user_id, scope), reactions: shownCounts(site, counts.get(row.number)) }));
}
