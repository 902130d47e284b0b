import { autop, htmlToMarkdown } from './html.js';
import { isoTime, type ImportRecord, type ImportSource, type ReaderRecord } from './records.js';
import { child, childText, readXml, type XmlElement } from './xml.js';

// Disqus's export (Admin → Moderation → Export): `<thread dsq:id>` elements for pages, then
// `<post dsq:id>` elements naming their thread and parent. Posts have no numbers: floors are
// numbered in the order of the file, which Disqus writes oldest first.

export interface DisqusOptions {
  /** The page key of a thread: its Disqus identifier (`<id>`), else its link's path (the default), or the whole link. */
  pageKey?: 'identifier' | 'path' | 'url';
}

function pageOf(thread: XmlElement, choice: DisqusOptions['pageKey']): string | null {
  const link = childText(thread, 'link');
  const identifier = childText(thread, 'id');
  if (choice !== 'url' && choice !== 'path' && identifier) return identifier;
  if (choice === 'url') return link || identifier || null;
  try {
    return new URL(link).pathname || null;
  } catch {
    return identifier || null;
  }
}

function author(element: XmlElement | undefined, at: string): ReaderRecord | null {
  const who = child(element, 'author');
  if (!who) return null;
  const username = childText(who, 'username');
  const anonymous = childText(who, 'isAnonymous') === 'true' || !username;
  const name = childText(who, 'name') || username || 'Guest';
  const email = childText(who, 'email');
  return anonymous
    ? { kind: 'reader', id: `guest:${email || name}`, name, at }
    : { kind: 'reader', id: `user:${username}`, external: `disqus:${username}`, name, at };
}

export async function disqusSource(file: string, options: DisqusOptions = {}): Promise<ImportSource> {
  const xml = await readXml(file, (name, path) => (name === 'thread' || name === 'post') && path.length === 1);
  return {
    name: 'disqus',
    progress: () => ({ ...xml.progress(), unit: 'bytes' }),
    async *records(): AsyncGenerator<ImportRecord> {
      for await (const { element } of xml.elements()) {
        const at = `line ${element.line}`;
        const id = element.attrs['dsq:id'];
        if (!id) {
          yield { kind: 'bad', at, message: `<${element.name}> without a dsq:id` };
          continue;
        }
        if (element.name === 'thread') {
          const page = pageOf(element, options.pageKey);
          if (!page) {
            yield { kind: 'bad', at, message: `thread ${id} has neither an identifier nor a link` };
            continue;
          }
          yield {
            kind: 'thread', id, page: page.slice(0, 512), url: childText(element, 'link') || null, title: childText(element, 'title') || null,
            author: author(element, at), createdAt: isoTime(childText(element, 'createdAt')) ?? undefined, at,
          } as ImportRecord;
          continue;
        }
        const thread = child(element, 'thread')?.attrs['dsq:id'];
        const createdAt = isoTime(childText(element, 'createdAt'));
        if (!thread || !createdAt) {
          yield { kind: 'bad', at, message: `post ${id} has no ${thread ? 'readable createdAt' : 'thread'}` };
          continue;
        }
        const deleted = childText(element, 'isDeleted') === 'true';
        const spam = childText(element, 'isSpam') === 'true';
        yield {
          kind: 'floor', id, thread, author: author(element, at), body: htmlToMarkdown(autop(child(element, 'message')?.text ?? '')) || (deleted ? '(deleted)' : ''),
          createdAt, status: deleted ? 'deleted' : spam ? 'hidden' : 'published', parent: child(element, 'parent')?.attrs['dsq:id'] ?? null, at,
        };
      }
    },
  };
}
