import type { LocalizeController } from '../lazy/kit.js';
import type { ModerationApi } from '@teahouse/client/moderation';
import type { ModerationMessages } from './messages.js';

/** What the sections of `<teahouse-moderation>` take from the element. */
export interface Desk {
  readonly api: ModerationApi;
  readonly m: ModerationMessages;
  readonly l: LocalizeController;
  /** Narrows the queue and the audit log to one article page. */
  readonly page: string | undefined;
  /** Items per page; undefined: the server's default. */
  readonly limit: number | undefined;
  /** Where the server serves the site's stickers, for bodies that show them. */
  readonly stickers: string | undefined;
  requestUpdate(): void;
  /** Says `text` in the element's live region. */
  announce(text: string): void;
  /** A sentence for a failed request. */
  explain(error: unknown): string;
  /** Moves focus to the first match of `selector` in the element, once it has rendered. */
  focus(selector: string): void;
  /** A ban was added or lifted elsewhere: the bans list loads again when it is next shown. */
  bansChanged(): void;
}

/** Who did something, as the audit log and the bans list name them. */
export function actorName(desk: Desk, actor: { kind: 'user' | 'key' | 'system'; user: { name: string } | null; label: string | null }): string {
  const { m } = desk;
  if (actor.kind === 'system') return m.system;
  if (actor.kind === 'key') return m.apiKey(actor.label ?? '');
  return actor.user?.name ?? m.deletedAuthor;
}
