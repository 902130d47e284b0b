import test from 'node:test';
import assert from 'node:assert/strict';
import { parseBodySlowly } from './markdown.js';
import { plainBody } from './plain.js';

// Every body the shortcut reads must come out exactly as the parser reads it. Bodies are drawn
// from an alphabet rich in what Markdown treats specially, so most are refused and the rest sit
// right at the shortcut's edges; the plain ones that importers and readers write are covered too.

let seed = 7;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const PIECES = [
  'a', 'b', 'word', 'Tea', '老街', '夜市', '2024', '1', '.', ',', ')', '(', '!', '?', "'", '"', ':', ';', '/', '%', '$', '^', '{', '}', '=', '+', '-', '#',
  ' ', ' ', ' ', '  ', '\n', '\n', '\n\n', '\\\n', '\\', '*', '**', '***', '****', '_', '__', '`', '[', ']', '<', '>', '&', '&amp;', '~', '|', '@', '@bob',
  'www.x.com', 'http://x.y', 'a@b.co', '\u00a0', '\u3000', 'é', 'e\u0301', '😀', '\t', '1.', '1)', '---', '===', '>', '\r',
];
const PLAIN = ['the', 'old', 'street', '老街', '终于', 'reopens', '2024', 'o’clock', 'great!', 'why?', '(yes)', '"quoted"', "it's"];

function randomBody(): string {
  let out = '';
  const n = 1 + Math.floor(random() * 24);
  for (let i = 0; i < n; i++) out += pick(PIECES);
  return out;
}

/** A body as the importers write one: paragraphs of words, `**strong**` words, hard breaks. */
function importedBody(): string {
  const paragraphs = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
    const words = Array.from({ length: 2 + Math.floor(random() * 12) }, () => (random() < 0.15 ? `**${pick(PLAIN.slice(0, 6))}**` : pick(PLAIN)));
    return words.join(random() < 0.1 ? '\\\n' : ' ');
  });
  return paragraphs.join('\n\n');
}

test('should read every body it takes exactly as the Markdown parser does', () => {
  let taken = 0;
  for (let i = 0; i < 20_000; i++) {
    const imported = i % 3 === 0;
    const source = imported ? importedBody() : randomBody().trim();
    if (source === '') continue;
    const quick = plainBody(source);
    if (imported) assert.notEqual(quick, null, `an importer's plain body goes the quick way: ${JSON.stringify(source)}`);
    if (quick === null) continue;
    taken++;
    assert.deepEqual({ type: 'root', children: quick }, parseBodySlowly(source), JSON.stringify(source));
  }
  // The comparison means something only if the shortcut took a good share of the bodies.
  assert.ok(taken > 7000, `${taken} bodies taken`);
});

test('should leave to the parser what is not plain paragraphs', () => {
  for (const source of ['*em*', '**a****b**', 'a **b', '* a', '** a**', '***', '**a**b**', 'x\\', '# h', '> q', '- l', '1. l', 'a\n===', '`c`', 'a & b', '@bob', 'www.x.com', 'a  \nb', ' a', 'a_b']) {
    assert.equal(plainBody(source), null, source);
  }
  assert.deepEqual(plainBody('a **b c** d\\\ne\nf\n\ng'), [
    { type: 'paragraph', children: [{ type: 'text', value: 'a ' }, { type: 'strong', children: [{ type: 'text', value: 'b c' }] }, { type: 'text', value: ' d' }, { type: 'break' }, { type: 'text', value: 'e\nf' }] },
    { type: 'paragraph', children: [{ type: 'text', value: 'g' }] },
  ]);
});
