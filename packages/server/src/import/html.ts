import { parseDocument } from 'htmlparser2';

type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<ChildNode, { name: string; attribs: unknown }>;

// Comment bodies from Disqus, WordPress and Artalk arrive as HTML. They become our Markdown
// subset: paragraphs, breaks, emphasis, strong, code, quotes, lists and links (http, https,
// mailto). Anything else keeps its text; no markup from a source ever reaches a reader.

/** Markdown's special characters, escaped so that a source's text stays text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]<>|~])/g, '\\$1')
    .replace(/^(\s*)([#>+-]|\d+[.)])(?=\s|$)/gm, (_, space: string, mark: string) => `${space}${/^\d/.test(mark) ? `${mark.slice(0, -1)}\\${mark.slice(-1)}` : `\\${mark}`}`);
}

const BLOCKS = new Set(['p', 'div', 'blockquote', 'pre', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'section', 'article', 'hr']);
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const isElement = (node: ChildNode): node is Element => node.type === 'tag' || node.type === 'script' || node.type === 'style';

function inline(nodes: ChildNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += escapeMarkdown(node.data.replace(/\s+/g, ' '));
    else if (isElement(node)) out += inlineElement(node);
  }
  return out;
}

function wrap(mark: string, inner: string): string {
  const trimmed = inner.trim();
  if (!trimmed) return inner;
  const lead = inner.slice(0, inner.length - inner.trimStart().length);
  const tail = inner.slice(inner.trimEnd().length);
  return `${lead}${mark}${trimmed}${mark}${tail}`;
}

function inlineElement(el: Element): string {
  const name = el.name.toLowerCase();
  if (name === 'script' || name === 'style') return '';
  if (name === 'br') return '\\\n';
  if (name === 'b' || name === 'strong') return wrap('**', inline(el.children));
  if (name === 'i' || name === 'em') return wrap('*', inline(el.children));
  if (name === 'code' || name === 'tt') {
    const code = textOf(el).replace(/\s+/g, ' ');
    const fence = code.includes('`') ? '``' : '`';
    return code.trim() ? `${fence}${code.includes('`') ? ' ' : ''}${code}${code.includes('`') ? ' ' : ''}${fence}` : '';
  }
  if (name === 'a') {
    const href = (el.attribs.href ?? '').trim();
    const text = inline(el.children).trim();
    if (!SAFE_LINK.test(href)) return text;
    if (!text || text === escapeMarkdown(href)) return `<${href.replace(/>/g, '%3E')}>`;
    return `[${text}](<${href.replace(/[<>]/g, encodeURIComponent)}>)`;
  }
  if (name === 'img') {
    const alt = (el.attribs.alt ?? '').trim();
    return escapeMarkdown(alt || (el.attribs.src ?? ''));
  }
  if (BLOCKS.has(name)) return ` ${inline(el.children)} `;
  return inline(el.children);
}

function textOf(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (isElement(node)) return node.children.map(textOf).join('');
  return '';
}

/** Blocks of a node list: runs of inline content become paragraphs. */
function blocks(nodes: ChildNode[]): string[] {
  const out: string[] = [];
  let run: ChildNode[] = [];
  const flush = () => {
    const text = inline(run).replace(/[ \t]+/g, ' ').replace(/ ?\\\n ?/g, '\\\n').replace(/^(\\\n|\s)+|(\\\n|\s)+$/g, '');
    if (text) out.push(text);
    run = [];
  };
  for (const node of nodes) {
    if (isElement(node) && BLOCKS.has(node.name.toLowerCase())) {
      flush();
      out.push(...block(node));
    } else {
      run.push(node);
    }
  }
  flush();
  return out;
}

function block(el: Element): string[] {
  const name = el.name.toLowerCase();
  if (name === 'pre') {
    const code = textOf(el).replace(/\n$/, '');
    const fence = code.includes('```') ? '~~~~' : '```';
    return code.trim() ? [`${fence}\n${code}\n${fence}`] : [];
  }
  if (name === 'blockquote') {
    const inner = blocks(el.children);
    return inner.length ? [inner.map((b) => b.split('\n').map((l) => `> ${l}`).join('\n')).join('\n>\n')] : [];
  }
  if (name === 'ul' || name === 'ol') {
    const items = el.children.filter((c): c is Element => isElement(c) && c.name.toLowerCase() === 'li');
    const lines = items.map((item, i) => {
      const marker = name === 'ol' ? `${i + 1}.` : '-';
      const body = blocks(item.children).join('\n\n').split('\n').map((l, j) => (j === 0 ? l : `${' '.repeat(marker.length + 1)}${l}`)).join('\n');
      return `${marker} ${body}`;
    }).filter((l) => l.trim().length > 2);
    return lines.length ? [lines.join('\n')] : [];
  }
  if (name === 'hr') return [];
  return blocks(el.children);
}

/** HTML of a comment as Markdown of our subset. */
export function htmlToMarkdown(html: string): string {
  return blocks(parseDocument(html, { decodeEntities: true }).children).join('\n\n');
}

/**
 * WordPress stores comments as typed, with line breaks that its templates turn into paragraphs
 * (a blank line) and breaks (a single one) when shown: the same is done here, then the HTML it has.
 */
export function autop(text: string): string {
  if (/<(p|div|blockquote|pre|ul|ol)[\s>]/i.test(text)) return text;
  return text.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/).map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`).join('');
}
