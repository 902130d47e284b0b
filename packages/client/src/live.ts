// Live events of a thread over Server-Sent Events: the browser's EventSource, the types the
// protocol's event schema names, each event checked against it. A separate entry
// (`@teahouse/client/live`), so that a page's first paint does not download it.
import { EVENT_TYPES, ThreadEvent } from '@teahouse/protocol';
import { events } from '@teahouse/protocol/endpoints';
import type { TeahouseClient } from './client.js';

export interface SubscribeParams {
  page: string;
  /** Start after this event, e.g. the bootstrap's `lastEventId`; default: from now on. */
  lastEventId?: string | null | undefined;
}

/** Wait before reopening a stream the browser gave up on (it retries network drops itself). */
const REOPEN_MS = 5000;

/**
 * Listens to a thread's events in order, each once, resuming after the last one seen when the
 * connection drops. Returns the function that stops it.
 */
export function subscribe(
  client: Pick<TeahouseClient, 'url'>,
  { page, lastEventId }: SubscribeParams,
  onEvent: (event: ThreadEvent, id: string) => void,
): () => void {
  let last = lastEventId ?? null;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const handle = (message: MessageEvent<string>) => {
    // A reopened stream may replay what was already seen; ids only grow.
    if (last !== null && Number(message.lastEventId) <= Number(last)) return;
    let parsed;
    try {
      parsed = ThreadEvent.safeParse(JSON.parse(message.data));
    } catch {
      return;
    }
    last = message.lastEventId;
    if (parsed.success) onEvent(parsed.data, last);
  };
  const open = () => {
    source = new EventSource(client.url(events.path, {}, { page, lastEventId: last }));
    for (const type of EVENT_TYPES) source.addEventListener(type, handle);
    // The browser reconnects by itself (sending Last-Event-ID) unless the server refused the
    // stream; then it is reopened here after a pause, from the last event seen.
    source.onerror = () => {
      if (source?.readyState !== EventSource.CLOSED) return;
      timer = setTimeout(open, REOPEN_MS);
    };
  };
  open();
  return () => {
    clearTimeout(timer);
    source?.close();
  };
}
