import type { Floor, Thread } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { loadSite } from '../sites/sites.js';
import type { TokenUser } from '../auth/token.js';
import { createFloor } from './floors.js';
import { ensureThread, findThread, toThread } from './threads.js';

/** A person as a host names them: their host user id and display name. */
export interface SeedPerson {
  sub: string;
  name: string;
  avatar?: string;
}

export interface SeedThreadOptions {
  /** Site id; the site must exist (pass it in `sites` to `createApp`). */
  site: string;
  page: string;
  url?: string;
  title?: string;
  /** The article's author (楼主): their replies are marked as the OP's. */
  author: SeedPerson;
  /** Replies in order; they get floors 2, 3, 4, … after any already there. */
  floors: { author: SeedPerson; body: string; quote?: number; parent?: number }[];
}

const person = (p: SeedPerson): TokenUser => ({ sub: p.sub, name: p.name, avatar: p.avatar ?? null });

/**
 * Fills a thread for demos and tests through the same code path as posting: the same
 * parser, the same numbering, the same cache invalidation.
 */
export async function seedThread(db: Database, options: SeedThreadOptions): Promise<{ thread: Thread; floors: Floor[] }> {
  const site = await loadSite(db, options.site);
  await ensureThread(db, site, { page: options.page, url: options.url, title: options.title, author: person(options.author) });
  const floors: Floor[] = [];
  for (const floor of options.floors) {
    const created = await createFloor(db, site, person(floor.author), {
      page: options.page,
      body: floor.body,
      quote: floor.quote,
      parent: floor.parent,
    });
    floors.push(created.floor);
  }
  return { thread: toThread(site.id, options.page, await findThread(db, site.id, options.page)), floors };
}
