import { readFile } from 'node:fs/promises';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { bbcodeToMarkdown, decodeDiscuzEntities } from './bbcode.js';
import { escapeMarkdown } from './html.js';
import { isoTime, type ImportRecord, type ImportSource, type ReaderRecord } from './records.js';

// Discuz! X3.4 / X3.5 forums, read straight from their MySQL database: members become readers
// keyed by uid (the host's SSO then signs `sub` = uid), their extcredits an opening balance, each
// thread a page whose floors keep their `position`, its author 楼主. `[quote]` blocks that point
// at an earlier floor of the thread become quote-replies of that floor; support / against votes
// on replies become 牛逼 / 垃圾, and a thread's recommend counts its article's.

export interface DiscuzOptions {
  /** `mysql://user:password@host:3306/database`. */
  url: string;
  /** Table prefix. @default 'pre_' */
  prefix?: string;
  /** The page key of a thread, `{tid}` replaced. @default '{tid}' */
  pageKey?: string;
  /** A JSON object or a CSV file (`tid,page`) naming the page of each thread; threads it does not list use `pageKey`. */
  pageMap?: string;
  /** The URL of a thread's page, `{tid}` replaced. */
  pageUrl?: string;
  /** Which extcredits becomes the opening balance (1–8); 0 for none. @default 2 (金钱) */
  credit?: number;
  /** A member's avatar, `{uid}` replaced, e.g. `https://bbs.example.com/uc_server/avatar.php?uid={uid}&size=middle`. */
  avatarUrl?: string;
}

const BATCH = 500;
/** Discuz's `invisible`: 0 shown, -1 in the recycle bin, -2 awaiting review, others hidden (ignored, banned). */
const statusOf = (invisible: number) => (invisible === 0 ? 'published' : invisible === -1 ? 'deleted' : invisible === -2 ? 'pending' : 'hidden');

async function readPageMap(file: string | undefined): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (!file) return map;
  const text = await readFile(file, 'utf8');
  if (/^\s*\{/.test(text)) {
    for (const [tid, page] of Object.entries(JSON.parse(text) as Record<string, unknown>)) if (typeof page === 'string') map.set(tid, page);
    return map;
  }
  for (const line of text.split(/\r?\n/)) {
    const [tid, ...page] = line.split(',');
    if (tid && /^\d+$/.test(tid.trim()) && page.length) map.set(tid.trim(), page.join(',').trim());
  }
  return map;
}

/** The pid a Discuz quote points at (`findpost&pid=N`), and the quote taken out of the message. */
const QUOTE = /\[quote\]([\s\S]*?)\[\/quote\]/i;
const QUOTED_PID = /goto=findpost&(?:amp;)?pid=(\d+)/i;

interface PostRow extends RowDataPacket {
  pid: number; tid: number; first: number; author: string; authorid: number; dateline: number; message: string;
  invisible: number; anonymous: number; position: number;
}

export async function discuzSource(options: DiscuzOptions): Promise<ImportSource> {
  const prefix = options.prefix ?? 'pre_';
  if (!/^[A-Za-z0-9_]{0,32}$/.test(prefix)) throw new Error(`invalid table prefix "${prefix}"`);
  const credit = options.credit ?? 2;
  if (!Number.isInteger(credit) || credit < 0 || credit > 8) throw new Error('the credit is 1 to 8 (extcredits1…8), or 0 for none');
  const pageMap = await readPageMap(options.pageMap);
  const connection: Connection = await createConnection({ uri: options.url, charset: 'utf8mb4', supportBigNumbers: true, dateStrings: true });
  const table = (name: string) => `\`${prefix}${name}\``;
  const rows = async <T extends RowDataPacket>(query: string, values: unknown[] = []): Promise<T[]> => (await connection.query<T[]>(query, values))[0];
  let done = 0;
  let total: number | null = null;
  const [counts] = await Promise.all([
    rows<RowDataPacket>(`SELECT (SELECT COUNT(*) FROM ${table('common_member')}) AS members, (SELECT COUNT(*) FROM ${table('forum_thread')}) AS threads, (SELECT COUNT(*) FROM ${table('forum_post')}) AS posts`),
  ]);
  total = Number(counts[0]?.members ?? 0) + Number(counts[0]?.threads ?? 0) + Number(counts[0]?.posts ?? 0);
  const reader = (uid: number, name: string, at: string): ReaderRecord => ({
    kind: 'reader', id: String(uid), external: String(uid), name: decodeDiscuzEntities(name) || `uid ${uid}`,
    ...(options.avatarUrl ? { avatar: options.avatarUrl.replace('{uid}', String(uid)) } : {}), at,
  });
  const guest = (name: string, at: string): ReaderRecord => ({ kind: 'reader', id: `guest:${name || '匿名'}`, name: decodeDiscuzEntities(name) || '匿名', at });

  return {
    name: 'discuz',
    progress: () => ({ done, total, unit: 'rows' }),
    async *records(): AsyncGenerator<ImportRecord> {
      try {
        // Members first, with their opening balances: every author and voter is known before their posts.
        const creditColumn = credit ? `c.extcredits${credit}` : '0';
        for (let after = -1; ;) {
          const members = await rows<RowDataPacket>(
            `SELECT m.uid, m.username, ${creditColumn} AS credit FROM ${table('common_member')} m LEFT JOIN ${table('common_member_count')} c ON c.uid = m.uid WHERE m.uid > ? ORDER BY m.uid LIMIT ${BATCH}`,
            [after],
          );
          for (const m of members) {
            done++;
            const at = `member uid ${m.uid}`;
            const who = reader(Number(m.uid), String(m.username), at);
            yield who;
            const amount = Number(m.credit ?? 0);
            if (credit && amount !== 0) yield { kind: 'balance', reader: who, amount, what: `extcredits${credit}`, at };
          }
          if (members.length < BATCH) break;
          after = Number(members.at(-1)!.uid);
        }

        for (let after = -1; ;) {
          const threads = await rows<RowDataPacket>(
            `SELECT tid, posttableid, author, authorid, subject, dateline, recommend_add, recommend_sub FROM ${table('forum_thread')} WHERE tid > ? ORDER BY tid LIMIT 100`,
            [after],
          );
          for (const thread of threads) {
            done++;
            const tid = String(thread.tid);
            const at = `tid ${tid}`;
            const opAuthor = Number(thread.authorid) > 0 ? reader(Number(thread.authorid), String(thread.author), at) : null;
            yield {
              kind: 'thread', id: tid, page: (pageMap.get(tid) ?? (options.pageKey ?? '{tid}').replace('{tid}', tid)).slice(0, 512),
              url: options.pageUrl ? options.pageUrl.replace('{tid}', tid) : null, title: decodeDiscuzEntities(String(thread.subject)) || null,
              author: opAuthor, createdAt: isoTime(Number(thread.dateline)) ?? undefined,
              counts: { up: Math.max(0, Number(thread.recommend_add)), down: Math.max(0, Number(thread.recommend_sub)) }, at,
            };
            const posts = Number(thread.posttableid) > 0 ? table(`forum_post_${Number(thread.posttableid)}`) : table('forum_post');
            // pids of this thread's floors so far: a quote of one of them becomes a quote-reply.
            const floorOf = new Map<number, number>();
            let firstPid: number | null = null;
            for (let position = 0; ;) {
              const page = await rows<PostRow>(
                `SELECT pid, tid, first, author, authorid, dateline, message, invisible, anonymous, position FROM ${posts} WHERE tid = ? AND position > ? ORDER BY position LIMIT ${BATCH}`,
                [thread.tid, position],
              );
              const pids = page.map((p) => p.pid);
              const votes = pids.length
                ? await rows<RowDataPacket>(`SELECT pid, uid, attitude FROM ${table('forum_hotreply_member')} WHERE pid IN (?) ORDER BY pid, uid`, [pids])
                : [];
              for (const post of page) {
                done++;
                const where = `tid ${tid} position ${post.position} (pid ${post.pid})`;
                if (post.first || post.position === 1) {
                  // The opening post is the article the page shows: the thread has its author and time.
                  firstPid = post.pid;
                  floorOf.set(post.pid, 1);
                  continue;
                }
                let message = String(post.message);
                let quote: string | null = null;
                const block = QUOTE.exec(message);
                const quotedPid = block ? Number(QUOTED_PID.exec(block[1]!)?.[1]) : NaN;
                if (block && floorOf.has(quotedPid) && quotedPid !== firstPid) {
                  // The quote-reply shows the quoted floor itself ("X 发表于 T" and its text): the copy goes.
                  quote = String(quotedPid);
                  message = message.replace(block[0], '').replace(/^\s+/, '');
                }
                const anonymous = Number(post.anonymous) === 1 || Number(post.authorid) === 0;
                let body = bbcodeToMarkdown(message);
                if (!body.trim() && quote) body = escapeMarkdown('（引用）');
                yield {
                  kind: 'floor', id: String(post.pid), thread: tid, number: Number(post.position),
                  author: anonymous ? guest(Number(post.anonymous) === 1 ? '匿名' : String(post.author), where) : reader(Number(post.authorid), String(post.author), where),
                  body, createdAt: isoTime(Number(post.dateline)) ?? new Date(0).toISOString(), status: statusOf(Number(post.invisible)), quote, at: where,
                };
                floorOf.set(post.pid, Number(post.position));
                for (const vote of votes) {
                  if (Number(vote.pid) !== post.pid) continue;
                  yield {
                    kind: 'reaction', thread: tid, floor: String(post.pid), reader: reader(Number(vote.uid), '', `${where} vote of uid ${vote.uid}`),
                    key: Number(vote.attitude) === 1 ? 'up' : 'down', createdAt: isoTime(Number(post.dateline)) ?? new Date(0).toISOString(), at: `${where} vote of uid ${vote.uid}`,
                  };
                }
              }
              if (page.length < BATCH) break;
              position = Number(page.at(-1)!.position);
            }
          }
          if (threads.length < 100) break;
          after = Number(threads.at(-1)!.tid);
        }
      } finally {
        await connection.end();
      }
    },
  };
}
