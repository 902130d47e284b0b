import { ThreadEvent } from '@teahouse/protocol';

export interface LiveEvent {
  id: string;
  event: ThreadEvent;
}

/**
 * Reads the thread events of a Server-Sent Events response, skipping comments and `retry:`.
 * `event()` waits as long as the test lets it: the test's own timeout is the bound.
 */
export function liveReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  async function event(): Promise<LiveEvent> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id !== undefined && data !== undefined) return { id, event: ThreadEvent.parse(JSON.parse(data)) };
        continue;
      }
      const chunk = await reader.read();
      if (chunk.done) throw new Error('the stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }
  /** Events until `done` says so; returns them all. */
  async function until(done: (events: LiveEvent[]) => boolean): Promise<LiveEvent[]> {
    const events: LiveEvent[] = [];
    while (!done(events)) events.push(await event());
    return events;
  }
  return { event, until, cancel: () => reader.cancel().catch(() => {}) };
}

/** Opens the page's event stream on `base`, resuming after `lastEventId`. */
export async function openLive(base: string, site: string, page: string, lastEventId?: string | null) {
  const controller = new AbortController();
  const res = await fetch(`${base}/v1/sites/${site}/events?page=${encodeURIComponent(page)}`, {
    signal: controller.signal,
    headers: lastEventId ? { 'last-event-id': lastEventId } : {},
  });
  if (res.status !== 200) throw new Error(`events: HTTP ${res.status}`);
  const live = liveReader(res);
  return { ...live, close: () => { controller.abort(); void live.cancel(); } };
}
