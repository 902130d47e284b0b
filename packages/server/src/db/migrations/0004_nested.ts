import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Where each floor sits in the nested view: its top-level floor, its depth, and replies per top-level floor. */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // root_number: the top-level floor a reply sits under (its own number for a top-level floor);
    // depth: 0 for top-level floors; descendants: replies under a top-level floor, so the nested
    // view can say how many are not shown without counting them per request.
    await db.schema.alterTable('floors').addColumn('root_number', 'integer').execute();
    await db.schema.alterTable('floors').addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('floors').addColumn('descendants', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await sql`update floors set root_number = number where parent_number is null`.execute(db);
    // Parents always have lower numbers, so each pass places one more level of replies.
    for (;;) {
      const placed = await sql`
        update floors set
          root_number = (select p.root_number from floors p where p.thread_id = floors.thread_id and p.number = floors.parent_number),
          depth = (select p.depth + 1 from floors p where p.thread_id = floors.thread_id and p.number = floors.parent_number)
        where root_number is null and exists (
          select 1 from floors p where p.thread_id = floors.thread_id and p.number = floors.parent_number and p.root_number is not null)
      `.execute(db);
      if (!placed.numAffectedRows) break;
    }
    await sql`update floors set root_number = number, depth = 0 where root_number is null`.execute(db);
    await sql`
      update floors set descendants = (
        select count(*) from floors r where r.thread_id = floors.thread_id and r.root_number = floors.number and r.number <> floors.number)
      where depth = 0
    `.execute(db);
    // The replies of a top-level floor, in order.
    await db.schema.createIndex('floors_thread_root_number').on('floors').columns(['thread_id', 'root_number', 'number']).execute();
    // Top-level floors only (depth 0), in order: the nested view's pages.
    await db.schema.createIndex('floors_thread_depth_number').on('floors').columns(['thread_id', 'depth', 'number']).execute();
  },
};
