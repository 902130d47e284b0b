import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Flood control and duplicate checks read one reader's newest floors across a site; this index
 * makes that a short range scan. Nothing else is stored: client addresses never reach the
 * database (they live in the rate limit store, for a window at most).
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('floors_author_created').on('floors').columns(['author_user_id', 'created_at']).execute();
  },
};
