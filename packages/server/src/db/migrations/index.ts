import type { Migration, MigrationProvider } from 'kysely/migration';
import { migration as initial } from './0001_initial.js';
import { migration as events } from './0002_events.js';
import { migration as reactions } from './0003_reactions.js';
import { migration as nested } from './0004_nested.js';
import { migration as rewards } from './0005_rewards.js';
import { migration as identity } from './0006_identity.js';
import { migration as moderation } from './0007_moderation.js';
import { migration as abuse } from './0008_abuse.js';
import { migration as imports } from './0009_import.js';
import { migration as floorRegion } from './0010_floor_region.js';
import { migration as notifications } from './0011_notifications.js';

/**
 * Migrations live in code so that a published package carries its own schema; names sort in
 * order. Each file is frozen once released: it imports nothing of the live code (what it needs
 * is copied into it), so that changing the app never changes what an old migration does.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_events': events,
  '0003_reactions': reactions,
  '0004_nested': nested,
  '0005_rewards': rewards,
  '0006_identity': identity,
  '0007_moderation': moderation,
  '0008_abuse': abuse,
  '0009_import': imports,
  '0010_floor_region': floorRegion,
  '0011_notifications': notifications,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
