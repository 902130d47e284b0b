import type { BlockNode, InlineNode } from '@teahouse/protocol';

// Most bodies are paragraphs of plain words, perhaps with **strong** words and line breaks: what
// readers type and what importers make of a comment's HTML. Such a body has one reading in
// CommonMark, which is built here directly; anything with a character that could mean more
// (escapes, links, autolinks, entities, emphasis other than `**word**`, block markers at the start
// of a line, mentions) is left to the Markdown parser. A test compares the two on random input.

/** A character that could start any construct but text, breaks and `**` strong. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for (the parser replaces some)
const SPECIAL = /[\\`_[\]<>&~|@\t\r\u0000-\u0009\u000b-\u001f\u007f]|www|http|mailto|xmpp/i;
/**
 * A line whose start could open a block: indented code, quote, list, heading, fence, setext
 * underline, thematic break. `**word` is none of them (a list marker needs a space after it).
 */
const BLOCK_START = /^(?:[ #>+=-]|\*(?!\*[\p{L}\p{N}])|\d{1,9}[.)])/u;
const TRAILING_SPACE = / $/;
/** The inside of `**…**`: starts and ends with a letter or digit, so the delimiters open and close. */
const STRONG_INSIDE = /^[\p{L}\p{N}](?:[^*\n]*[\p{L}\p{N}])?$/u;
/** A hard break as the importers and the composer write one: a backslash ending a line. */
const HARD_BREAK = '\\\n';

/**
 * The tree of a body of plain paragraphs, exactly as the Markdown parser and the converter
 * (./markdown.ts) would build it, or null when the body has anything else.
 */
export function plainBody(source: string): BlockNode[] | null {
  if (source.length > 100_000) return null;
  // Backslashes only as hard breaks; everything else the parser must see.
  if (SPECIAL.test(source.replaceAll(HARD_BREAK, '\n'))) return null;
  const out: BlockNode[] = [];
  for (const block of source.split(/\n{2,}/)) {
    if (block === '') continue;
    const children: InlineNode[] = [];
    const lines = block.split('\n');
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i]!;
      const hard = line.endsWith('\\');
      if (hard) {
        // A backslash before the paragraph's end is text; that reading is left to the parser.
        if (i === lines.length - 1) return null;
        line = line.slice(0, -1);
      }
      if (line === '' || BLOCK_START.test(line) || TRAILING_SPACE.test(line)) return null;
      if (!inline(line, children)) return null;
      if (i < lines.length - 1) {
        if (hard) children.push({ type: 'break' });
        else appendText(children, '\n');
      }
    }
    if (children.length > 0) out.push({ type: 'paragraph', children });
  }
  return out;
}

/** One line's text and `**strong**` runs, appended; false when its asterisks are anything else. */
function inline(line: string, into: InlineNode[]): boolean {
  if (!line.includes('*')) {
    appendText(into, line);
    return true;
  }
  const parts = line.split('**');
  if (parts.length % 2 === 0) return false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.includes('*')) return false;
    // `****` between two strong runs is one delimiter run of four, which the parser reads otherwise.
    if (i % 2 === 0 && part === '' && i > 0 && i < parts.length - 1) return false;
    if (i % 2 === 0) appendText(into, part);
    else if (STRONG_INSIDE.test(part)) into.push({ type: 'strong', children: [{ type: 'text', value: part }] });
    else return false;
  }
  return true;
}

function appendText(into: InlineNode[], value: string): void {
  if (value === '') return;
  const last = into[into.length - 1];
  if (last?.type === 'text') into[into.length - 1] = { type: 'text', value: last.value + value };
  else into.push({ type: 'text', value });
}
