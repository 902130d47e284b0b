import * as z from 'zod/mini';
import { PageKey, Floor } from './schemas.js';

/**
 * What the live stream of a thread carries. Each event arrives as one Server-Sent Event whose
 * `event:` is the type, `id:` the event id (resume with `Last-Event-ID`) and `data:` this JSON.
 */
export const FloorCreatedEvent = z.object({ type: z.literal('floor.created'), floor: Floor });
/** An edit, a deletion (a tombstone with status `deleted`) or a moderation change. */
export const FloorUpdatedEvent = z.object({ type: z.literal('floor.updated'), floor: Floor });
export const ReactionsChangedEvent = z.object({
  type: z.literal('reactions.changed'),
  /** Floor number; 1 is the article. */
  target: z.int(),
  counts: z.record(z.string(), z.int()),
});

export const ThreadEvent = z.discriminatedUnion('type', [FloorCreatedEvent, FloorUpdatedEvent, ReactionsChangedEvent]);
export type ThreadEvent = z.infer<typeof ThreadEvent>;
export type ThreadEventType = ThreadEvent['type'];
/** Every event type of the stream, read off the schema: a new event type is listened to where this is used. */
export const EVENT_TYPES = ThreadEvent.def.options.map((option) => option.shape.type.def.values[0]) as ThreadEventType[];

/** Event ids are decimal strings that grow within a thread. */
export const EventId = z.string().check(z.regex(/^\d{1,18}$/, 'an event id'));

export const EventsQuery = z.object({
  page: PageKey,
  /** Resume after this event; the `Last-Event-ID` header wins when both are sent. */
  lastEventId: z.optional(EventId),
});
export type EventsQuery = z.input<typeof EventsQuery>;
