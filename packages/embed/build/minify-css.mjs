// Build-time minification of Lit `css` tagged templates: the embed ships every component's
// styles as template text, and their indentation and comments are dead weight on the wire. The
// `html` templates are left as written: hydration needs the strings the server rendered from.

/** Whitespace next to these goes (for `:`, only after it: `a :hover` is a descendant selector). */
const TIGHT_BEFORE = new Set(['{', '}', ';', ',']);
const TIGHT_AFTER = new Set(['{', '}', ';', ',', ':']);

/**
 * The static text of one template part, minified: comments out, whitespace runs collapsed to
 * one space and dropped next to punctuation, no `;` before `}`; quoted strings are kept as they
 * are. `first`/`last` say whether the part starts/ends the template (whitespace there goes);
 * next to a `${…}` part a space is kept, so values never run together.
 * @param {string} text
 * @param {boolean} first
 * @param {boolean} last
 */
export function minifyCssText(text, first, last) {
  let out = '';
  let space = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      space = true;
      continue;
    }
    if (/\s/.test(c)) {
      space = true;
      continue;
    }
    if (c === '}' && out.endsWith(';')) out = out.slice(0, -1);
    if (space && out !== '' && !TIGHT_AFTER.has(out[out.length - 1]) && !TIGHT_BEFORE.has(c)) out += ' ';
    else if (space && out === '' && !first && !TIGHT_BEFORE.has(c)) out += ' ';
    space = false;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '\\') {
      out += text.slice(i, i + 2);
      i += 1;
      continue;
    }
    out += c;
  }
  if (space && !last && (out === '' ? !first : !TIGHT_AFTER.has(out[out.length - 1]))) out += ' ';
  return out;
}

/**
 * Where the template literal opened by the backtick at `start` ends (the index after its closing
 * backtick), with the ranges of its static parts; `${…}` parts are skipped, nested strings,
 * templates and braces included.
 * @param {string} code
 * @param {number} start
 * @returns {{ end: number, parts: Array<[number, number]> }}
 */
function scanTemplate(code, start) {
  const parts = [];
  let from = start + 1;
  let i = from;
  while (i < code.length) {
    const c = code[i];
    if (c === '\\') i += 2;
    else if (c === '`') {
      parts.push([from, i]);
      return { end: i + 1, parts };
    } else if (c === '$' && code[i + 1] === '{') {
      parts.push([from, i]);
      i = skipExpression(code, i + 2);
      from = i;
    } else i += 1;
  }
  throw new Error('unterminated template literal');
}

/** The index after the `}` closing an expression that starts at `i`. */
function skipExpression(code, i) {
  let depth = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === '}' && depth === 0) return i + 1;
    if (c === '{') depth += 1;
    else if (c === '}') depth -= 1;
    else if (c === '`') {
      i = scanTemplate(code, i).end;
      continue;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      i = j;
    }
    i += 1;
  }
  throw new Error('unterminated template expression');
}

/**
 * Minifies the static parts of every css`…` template in a module; other code, `${…}` parts and
 * other tags (html`…`) are left alone. Returns the replacements, in order, as [start, end, text].
 * @param {string} code
 * @returns {Array<[number, number, string]>}
 */
export function cssTemplateEdits(code) {
  const edits = [];
  // tsc writes `css `…``, with a space.
  const tag = /\bcss\s*`/g;
  let match;
  while ((match = tag.exec(code))) {
    const { end, parts } = scanTemplate(code, match.index + match[0].length - 1);
    parts.forEach(([from, to], n) => {
      const text = minifyCssText(code.slice(from, to), n === 0, n === parts.length - 1);
      if (text !== code.slice(from, to)) edits.push([from, to, text]);
    });
    tag.lastIndex = end;
  }
  return edits;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** @param {number} n */
function vlq(n) {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let s = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v) digit |= 32;
    s += B64[digit];
  } while (v);
  return s;
}

/**
 * Applies `edits` and returns the code with a source map pointing every kept stretch of
 * unchanged code and every replacement back at where it came from.
 * @param {string} code
 * @param {Array<[number, number, string]>} edits
 * @param {string} file
 */
export function applyEdits(code, edits, file) {
  /** Output pieces with the original offset each starts at. */
  const pieces = [];
  let at = 0;
  for (const [from, to, text] of edits) {
    if (from > at) pieces.push([code.slice(at, from), at]);
    pieces.push([text, from]);
    at = to;
  }
  pieces.push([code.slice(at), at]);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i += 1) if (code[i] === '\n') lineStarts.push(i + 1);
  const position = (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo, offset - lineStarts[lo]];
  };
  let out = '';
  const lines = [[]];
  let column = 0;
  for (const [text, origin] of pieces) {
    // A segment at the start of every piece and every line inside it.
    let offset = origin;
    let startOfLine = true;
    for (const line of text.split('\n')) {
      if (!startOfLine) {
        lines.push([]);
        column = 0;
      }
      if (line) lines[lines.length - 1].push([column, ...position(offset)]);
      column += line.length;
      offset += line.length + 1;
      startOfLine = false;
    }
    out += text;
  }
  let prevColumn = 0;
  let prevLine = 0;
  let prevOrigColumn = 0;
  const mappings = lines
    .map((segments) => {
      prevColumn = 0;
      return segments
        .map(([col, line, origColumn]) => {
          const s = vlq(col - prevColumn) + 'A' + vlq(line - prevLine) + vlq(origColumn - prevOrigColumn);
          prevColumn = col;
          prevLine = line;
          prevOrigColumn = origColumn;
          return s;
        })
        .join(',');
    })
    .join(';');
  return { code: out, map: { version: 3, file, sources: [file], sourcesContent: [code], names: [], mappings } };
}
