// Names are shown next to other text ("X 发表于 T"); a name that opens a bidi embedding, override
// or isolate and never closes it would turn the text after it around. Renderers isolate names
// (`<bdi>`) too; this keeps stored names balanced for every other reader of them (feeds, exports).

const OPENERS: Record<string, 'embedding' | 'isolate'> = {
  '\u202A': 'embedding', '\u202B': 'embedding', '\u202D': 'embedding', '\u202E': 'embedding',
  '\u2066': 'isolate', '\u2067': 'isolate', '\u2068': 'isolate',
};
const PDF = '\u202C';
const PDI = '\u2069';

/**
 * `text` with its bidi controls balanced: a closer with nothing to close is dropped, and whatever
 * is still open at the end is closed there, so the text cannot reorder what follows it.
 */
export function balanceBidi(text: string): string {
  const open: ('embedding' | 'isolate')[] = [];
  let out = '';
  for (const char of text) {
    const opener = OPENERS[char];
    if (opener) {
      open.push(opener);
    } else if (char === PDF) {
      if (open.at(-1) !== 'embedding') continue;
      open.pop();
    } else if (char === PDI) {
      const at = open.lastIndexOf('isolate');
      if (at < 0) continue;
      // A PDI also closes the embeddings opened inside its isolate.
      open.length = at;
    }
    out += char;
  }
  for (const kind of open.reverse()) out += kind === 'isolate' ? PDI : PDF;
  return out;
}
