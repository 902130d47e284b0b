import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { JSONParser } from '@streamparser/json';
import { isoTime, type ImportRecord, type ImportSource } from './records.js';

// Artalk's interchange format (Artrans), which Waline, Twikoo and Valine exports convert to: a
// JSON array of comments, each naming its page (`page_key`), its parent (`rid`) and its author
// (`nick`, `email`, `link`), with Markdown `content` and `vote_up` / `vote_down` counts. Values
// are often strings ("true", "12"). The array is read one comment at a time.

type Artran = Record<string, unknown>;

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value)).trim();
const yes = (value: unknown): boolean => value === true || text(value).toLowerCase() === 'true' || text(value) === '1';
const count = (value: unknown): number => {
  const n = Number(text(value));
  return Number.isInteger(n) && n > 0 ? n : 0;
};

/** `2021-09-26 13:50:18 +0800 CST` (Go's default), ISO times, or a time without zone (taken as UTC). */
function artransTime(value: unknown): string | null {
  const raw = text(value);
  const go = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?\s*([+-]\d{2}):?(\d{2})?/.exec(raw);
  if (go) return isoTime(`${go[1]}T${go[2]}${go[3]}:${go[4] ?? '00'}`);
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(raw)) return isoTime(`${raw.replace(' ', 'T')}Z`);
  return isoTime(raw);
}

export async function artransSource(file: string): Promise<ImportSource> {
  const { size } = await stat(file);
  let bytes = 0;
  return {
    name: 'artrans',
    progress: () => ({ done: bytes, total: size, unit: 'bytes' }),
    async *records(): AsyncGenerator<ImportRecord> {
      const ready: { value: Artran; index: number }[] = [];
      let problem: string | null = null;
      let index = 0;
      const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
      parser.onValue = ({ value }) => {
        index++;
        if (value && typeof value === 'object' && !Array.isArray(value)) ready.push({ value: value as Artran, index });
        else ready.push({ value: { __bad: true }, index });
      };
      parser.onError = (error) => {
        problem = error.message;
      };
      const pages = new Set<string>();
      const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
      const take = async function* (): AsyncGenerator<ImportRecord> {
        while (ready.length > 0) {
          const { value: c, index: n } = ready.shift()!;
          const at = `comment ${n}`;
          const id = text(c.id);
          const page = text(c.page_key);
          const createdAt = artransTime(c.created_at ?? c.date);
          if (c.__bad || !id || !page || !createdAt) {
            yield { kind: 'bad', at, message: c.__bad ? 'not an object' : `comment ${id || '(no id)'} has no ${!id ? 'id' : !page ? 'page_key' : 'readable created_at'}` };
            continue;
          }
          if (!pages.has(page)) {
            if (pages.size > 50_000) pages.clear();
            pages.add(page);
            const urls = text(c.site_urls).split(',').map((u) => u.trim()).filter(Boolean);
            let url: string | null = /^https?:\/\//i.test(page) ? page : null;
            if (!url && urls[0]) {
              try {
                url = new URL(page, urls[0]).href;
              } catch {
                url = null;
              }
            }
            yield { kind: 'thread', id: page, page: page.slice(0, 512), url, title: text(c.page_title) || null, at };
          }
          const nick = text(c.nick) || 'Anonymous';
          const email = text(c.email).toLowerCase();
          const rid = text(c.rid);
          const counts: Record<string, number> = {};
          if (count(c.vote_up)) counts.up = count(c.vote_up);
          if (count(c.vote_down)) counts.down = count(c.vote_down);
          yield {
            kind: 'floor', id, thread: page,
            author: { kind: 'reader', id: `guest:${email ? createHash('sha256').update(email).digest('hex') : nick}`, name: nick, at },
            body: text(c.content), createdAt, status: yes(c.is_pending) ? 'pending' : 'published',
            parent: rid && rid !== '0' ? rid : null, counts, at,
          };
        }
      };
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (problem) break;
        try {
          parser.write(chunk);
        } catch (error) {
          problem = (error as Error).message;
        }
        bytes = stream.bytesRead;
        yield* take();
      }
      yield* take();
      if (problem) yield { kind: 'bad', at: `byte ${bytes}`, message: `the file stops being JSON here (${problem}): the rest is not read` };
    },
  };
}
