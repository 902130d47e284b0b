import { autop, htmlToMarkdown } from './html.js';
import { isoTime, type ImportRecord, type ImportSource, type ReaderRecord } from './records.js';
import { childText, readXml, type XmlElement } from './xml.js';

// WordPress's export (Tools → Export, WXR): an RSS `<item>` per post with its `<wp:comment>`s.
// Comments are numbered in the order of their ids (the order WordPress shows them); pingbacks
// and trackbacks are not comments and are left out.

export interface WordpressOptions {
  /** The page key of a post: its link's path (the default), its whole link, or its post id. */
  pageKey?: 'path' | 'url' | 'id';
}

function pageOf(item: XmlElement, choice: WordpressOptions['pageKey'], id: string): string | null {
  const link = childText(item, 'link');
  if (choice === 'id') return id;
  if (choice === 'url') return link || null;
  try {
    return new URL(link).pathname || null;
  } catch {
    return null;
  }
}

const STATUS: Record<string, 'published' | 'pending' | 'hidden' | 'deleted'> = { 1: 'published', 0: 'pending', spam: 'hidden', trash: 'deleted' };

export async function wordpressSource(file: string, options: WordpressOptions = {}): Promise<ImportSource> {
  const xml = await readXml(file, (name, path) => (name === 'item' || name === 'wp:author') && path.at(-1) === 'channel');
  // The site's authors come first: their logins name posts' authors, their ids comments' authors.
  const authors = new Map<string, { id: string; name: string }>();
  return {
    name: 'wordpress',
    progress: () => ({ ...xml.progress(), unit: 'bytes' }),
    async *records(): AsyncGenerator<ImportRecord> {
      for await (const { element: item } of xml.elements()) {
        if (item.name === 'wp:author') {
          authors.set(childText(item, 'wp:author_login'), { id: childText(item, 'wp:author_id'), name: childText(item, 'wp:author_display_name') || childText(item, 'wp:author_login') });
          continue;
        }
        const comments = item.children.filter((c) => c.name === 'wp:comment');
        const postId = childText(item, 'wp:post_id');
        const at = `line ${item.line}`;
        if (comments.length === 0) continue;
        const page = postId ? pageOf(item, options.pageKey, postId) : null;
        if (!postId || !page) {
          yield { kind: 'bad', at, message: `item "${childText(item, 'title')}" has no ${postId ? 'link' : 'wp:post_id'}` };
          continue;
        }
        const author = authors.get(childText(item, 'dc:creator'));
        yield {
          kind: 'thread', id: postId, page: page.slice(0, 512), url: childText(item, 'link') || null, title: childText(item, 'title') || null,
          author: author?.id ? { kind: 'reader', id: `user:${author.id}`, external: `wordpress:${author.id}`, name: author.name, at } : null,
          createdAt: isoTime(`${childText(item, 'wp:post_date_gmt').replace(' ', 'T')}Z`) ?? undefined, at,
        };
        const sorted = comments
          .filter((c) => !['pingback', 'trackback'].includes(childText(c, 'wp:comment_type')))
          .sort((a, b) => Number(childText(a, 'wp:comment_id')) - Number(childText(b, 'wp:comment_id')));
        for (const comment of sorted) {
          const id = childText(comment, 'wp:comment_id');
          const where = `line ${comment.line}`;
          const gmt = childText(comment, 'wp:comment_date_gmt');
          const createdAt = isoTime(gmt && !gmt.startsWith('0000') ? `${gmt.replace(' ', 'T')}Z` : childText(comment, 'wp:comment_date').replace(' ', 'T'));
          if (!id || !createdAt) {
            yield { kind: 'bad', at: where, message: `comment ${id || '(no id)'} has no ${id ? 'readable date' : 'wp:comment_id'}` };
            continue;
          }
          const name = childText(comment, 'wp:comment_author') || 'Anonymous';
          const userId = childText(comment, 'wp:comment_user_id');
          const email = childText(comment, 'wp:comment_author_email');
          const reader: ReaderRecord = userId && userId !== '0'
            ? { kind: 'reader', id: `user:${userId}`, external: `wordpress:${userId}`, name, at: where }
            : { kind: 'reader', id: `guest:${email || name}`, name, at: where };
          const parent = childText(comment, 'wp:comment_parent');
          yield {
            kind: 'floor', id, thread: postId, author: reader, body: htmlToMarkdown(autop(childText(comment, 'wp:comment_content'))),
            createdAt, status: STATUS[childText(comment, 'wp:comment_approved')] ?? 'hidden', parent: parent && parent !== '0' ? parent : null, at: where,
          };
        }
      }
    },
  };
}
