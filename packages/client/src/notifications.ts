import {
  NoticeList, NotifyPrefs, UnreadCount,
  type MarkNotices, type SetNotifyPrefs,
} from '@teahouse/protocol';
import * as api from '@teahouse/protocol/endpoints';
import type { TeahouseClient } from './client.js';
// Types only: the notifications chunk takes no code of the client's core.
import type { Endpoint, RequestOptions, Schema } from './request.js';

/** The reader's notices (消息), a separate entry so pages that only show comments do not download it. */
export interface NotificationsApi {
  /** Notices, newest activity first, with the unread count. Needs a token. */
  list(params?: { cursor?: string | null | undefined; limit?: number | undefined }): Promise<NoticeList>;
  /** The unread count. Needs a token. */
  unread(): Promise<number>;
  /** Marks some notices (by id) or all read; resolves to the unread count after. */
  markRead(input: MarkNotices): Promise<number>;
  /** Mail settings: immediate, daily digest or none. */
  prefs(): Promise<NotifyPrefs>;
  setPrefs(input: SetNotifyPrefs): Promise<NotifyPrefs>;
  /**
   * The unread count, live: `onUnread` gets it on connecting and at every change, reconnecting
   * after a dropped stream. Returns the function that stops it.
   */
  watch(onUnread: (unread: number) => void): () => void;
}

/** Waits before reconnecting, doubling up to a minute. */
const RECONNECT_MS = 2000;

export function notificationsApi(client: TeahouseClient): NotificationsApi {
  const to = <T>(endpoint: Endpoint, schema: Schema<T>, options?: RequestOptions) => client.request(schema, endpoint.method, endpoint.path, options);
  return {
    list: ({ cursor, limit } = {}) => to(api.listNotices, NoticeList, { query: { cursor, limit } }),
    unread: async () => (await to(api.unreadNotices, UnreadCount)).unread,
    markRead: async (json) => (await to(api.markNotices, UnreadCount, { json })).unread,
    prefs: () => to(api.notifyPrefs, NotifyPrefs),
    setPrefs: (json) => to(api.setNotifyPrefs, NotifyPrefs, { json }),
    watch(onUnread) {
      const stop = new AbortController();
      let wait = RECONNECT_MS;
      const run = async () => {
        while (!stop.signal.aborted) {
          try {
            const res = await client.open(api.noticeStream.path, stop.signal);
            // Signed out or refused: nothing to watch until a new token (a new watch).
            if (res.status === 401 || res.status === 403 || res.status === 404) return;
            if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
            wait = RECONNECT_MS;
            const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
            let buffer = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buffer += value;
              let end;
              while ((end = buffer.indexOf('\n\n')) >= 0) {
                const frame = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const data = /^data: (.*)$/m.exec(frame)?.[1];
                if (!/^event: unread$/m.test(frame) || data === undefined) continue;
                try {
                  const parsed = UnreadCount.safeParse(JSON.parse(data));
                  if (parsed.success) onUnread(parsed.data.unread);
                } catch {
                  // A frame that is not JSON is skipped.
                }
              }
            }
          } catch {
            if (stop.signal.aborted) return;
          }
          await new Promise((resolve) => setTimeout(resolve, wait));
          wait = Math.min(wait * 2, 60_000);
        }
      };
      void run();
      return () => stop.abort();
    },
  };
}
