import type { WordLists } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Actor } from './access.js';
import { recordAudit } from './audit.js';

/** White space, zero-width and joining characters: `傻 逼` and `傻\u200b逼` match `傻逼`. */
const IGNORED = /[\s\u200b-\u200f\u2060\ufeff]/gu;

/** How words and bodies are compared: NFKC (full-width and half-width alike), lower case, no spaces. */
export const normalizeWord = (text: string): string => text.normalize('NFKC').toLowerCase().replace(IGNORED, '');

/** Trimmed, normalised words in their first spelling, duplicates (by normalised form) and blanks dropped. */
function cleanList(words: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const word of words) {
    const key = normalizeWord(word);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(word.trim());
  }
  return out;
}

const parseList = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string') : [];
  } catch {
    return [];
  }
};

/** The site's word lists (empty until a moderator sets them). */
export async function wordLists(db: Database, siteId: string): Promise<WordLists> {
  const row = await db.kysely.selectFrom('moderation_words').select(['banned', 'suspect']).where('site_id', '=', siteId).executeTakeFirst();
  return row ? { banned: parseList(row.banned), suspect: parseList(row.suspect) } : { banned: [], suspect: [] };
}

/** Replaces both lists, recording the change in the audit log. */
export async function setWordLists(db: Database, siteId: string, actor: Actor, lists: WordLists): Promise<WordLists> {
  const stored = { banned: cleanList(lists.banned), suspect: cleanList(lists.suspect) };
  const values = { banned: JSON.stringify(stored.banned), suspect: JSON.stringify(stored.suspect), updated_at: new Date().toISOString() };
  await db.write(async ({ trx }) => {
    await trx.insertInto('moderation_words').values({ site_id: siteId, ...values })
      .onConflict((oc) => oc.column('site_id').doUpdateSet(values)).execute();
    await recordAudit(trx, { siteId, actor, action: 'words', words: { banned: stored.banned.length, suspect: stored.suspect.length } });
  });
  return stored;
}

/** The first word of `list` found in `text`, as the list spells it; null when none is. */
export function findWord(text: string, list: readonly string[]): string | null {
  if (list.length === 0) return null;
  const haystack = normalizeWord(text);
  for (const word of list) {
    const needle = normalizeWord(word);
    if (needle !== '' && haystack.includes(needle)) return word;
  }
  return null;
}
