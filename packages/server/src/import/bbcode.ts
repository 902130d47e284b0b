import { escapeMarkdown } from './html.js';

// Discuz! posts are BBCode, stored with HTML's special characters escaped. They become our
// Markdown subset: bold, italics, code, quotes, lists and links; colours, sizes, fonts and other
// presentation keep their text; attachments are left out (they are files, not text).

interface Node {
  tag: string;
  arg: string;
  children: (Node | string)[];
}

/** Tags whose content is kept raw (not parsed for more tags). */
const RAW = new Set(['code', 'php', 'html', 'sql', 'js']);
const KNOWN = new Set([
  'b', 'i', 'u', 's', 'strike', 'del', 'color', 'size', 'font', 'align', 'backcolor', 'p', 'float', 'indent', 'left', 'center', 'right',
  'url', 'email', 'img', 'quote', 'code', 'php', 'html', 'sql', 'js', 'list', 'hide', 'free', 'sup', 'sub', 'attach', 'attachimg',
  'media', 'flash', 'audio', 'video', 'qq', 'table', 'tr', 'td', 'th', 'hr', 'password', 'spoiler', 'postbg', 'sell', 'payto', 'index', 'page',
]);
const DROPPED = new Set(['attach', 'attachimg', 'password', 'postbg', 'sell', 'payto', 'index', 'page']);

/** `&amp;` and its kin as Discuz stores them, back to the characters typed. */
export function decodeDiscuzEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#0?39|nbsp|#(\d{1,6}));/g, (_, name: string, code?: string) => {
    if (code) return String.fromCodePoint(Number(code));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', '#039': "'", '#39': "'", nbsp: ' ' } as Record<string, string>)[name] ?? '';
  });
}

function parse(source: string): Node {
  const root: Node = { tag: '', arg: '', children: [] };
  const stack: Node[] = [root];
  const pattern = /\[(\/?)([a-z]+|\*)(?:=([^\]\n]{0,500}))?\]/gi;
  let at = 0;
  let match: RegExpExecArray | null;
  const text = (t: string) => {
    if (t) stack.at(-1)!.children.push(t);
  };
  while ((match = pattern.exec(source)) !== null) {
    const [whole, closing, rawTag, arg] = match;
    const tag = rawTag!.toLowerCase();
    const top = stack.at(-1)!;
    if (RAW.has(top.tag)) {
      // Inside code, only its own closing tag ends it.
      if (closing && tag === top.tag) {
        text(source.slice(at, match.index));
        stack.pop();
        at = match.index + whole.length;
      }
      continue;
    }
    if (tag !== '*' && !KNOWN.has(tag)) continue;
    text(source.slice(at, match.index));
    at = match.index + whole.length;
    if (tag === '*') {
      // A list item runs to the next item or the end of its list.
      if (top.tag === '*') stack.pop();
      const item: Node = { tag: '*', arg: '', children: [] };
      stack.at(-1)!.children.push(item);
      stack.push(item);
    } else if (closing) {
      const index = stack.map((n) => n.tag).lastIndexOf(tag);
      if (index <= 0) text(whole);
      else stack.length = index;
    } else if (tag === 'hr') {
      top.children.push({ tag: 'hr', arg: '', children: [] });
    } else {
      const node: Node = { tag, arg: arg ?? '', children: [] };
      top.children.push(node);
      stack.push(node);
    }
  }
  text(source.slice(at));
  return root;
}

const plain = (node: Node | string): string => (typeof node === 'string' ? node : node.children.map(plain).join(''));

function link(href: string): string | null {
  const url = decodeDiscuzEntities(href.trim()).replace(/^www\./i, 'http://www.');
  return /^(https?:\/\/|mailto:)[^\s<>]+$/i.test(url) ? url : null;
}

/** Renders to blocks: paragraphs are built from inline runs; quotes, code and lists are blocks of their own. */
class Renderer {
  blocks: string[] = [];
  #line = '';

  #endParagraph(): void {
    const text = this.#line.replace(/^(\\\n|\s)+|(\\\n|\s)+$/g, '');
    if (text) this.blocks.push(text);
    this.#line = '';
  }

  text(value: string): void {
    const parts = decodeDiscuzEntities(value).replace(/\r\n?/g, '\n').split(/\n[ \t]*\n+/);
    parts.forEach((part, i) => {
      if (i > 0) this.#endParagraph();
      this.#line += part.split('\n').map((l) => escapeMarkdown(l.replace(/[ \t]+/g, ' '))).join('\\\n');
    });
  }

  inline(nodes: (Node | string)[]): string {
    const saved = this.#line;
    this.#line = '';
    for (const node of nodes) this.node(node);
    const out = this.#line;
    this.#line = saved;
    return out.replace(/\\\n/g, ' ');
  }

  block(markdown: string): void {
    this.#endParagraph();
    if (markdown.trim()) this.blocks.push(markdown);
  }

  node(node: Node | string): void {
    if (typeof node === 'string') return this.text(node);
    const { tag } = node;
    if (DROPPED.has(tag)) return;
    if (tag === 'b' || tag === 'i') {
      const inner = this.inline(node.children).trim();
      if (inner) this.#line += tag === 'b' ? `**${inner}**` : `*${inner}*`;
      return;
    }
    if (tag === 'url' || tag === 'email' || tag === 'img' || tag === 'media' || tag === 'flash' || tag === 'audio' || tag === 'video') {
      const target = link(tag === 'email' ? `mailto:${node.arg || plain(node)}` : node.arg && tag === 'url' ? node.arg : plain(node));
      const label = tag === 'url' && node.arg ? this.inline(node.children).trim() : '';
      if (!target) this.#line += label || escapeMarkdown(decodeDiscuzEntities(plain(node)));
      else this.#line += label && label !== escapeMarkdown(target) ? `[${label}](<${target}>)` : `<${target}>`;
      return;
    }
    if (RAW.has(tag)) {
      const code = decodeDiscuzEntities(plain(node)).replace(/\r\n?/g, '\n').replace(/^\n+|\n+$/g, '');
      const fence = code.includes('```') ? '~~~~' : '```';
      return this.block(code ? `${fence}\n${code}\n${fence}` : '');
    }
    if (tag === 'quote') {
      const inner = new Renderer();
      for (const child of node.children) inner.node(child);
      inner.#endParagraph();
      return this.block(inner.blocks.map((b) => b.split('\n').map((l) => `> ${l}`).join('\n')).join('\n>\n'));
    }
    if (tag === 'list') {
      const ordered = /^[1aAiI]$/.test(node.arg);
      const items = node.children.filter((c): c is Node => typeof c !== 'string' && c.tag === '*');
      return this.block(items.map((item, i) => `${ordered ? `${i + 1}.` : '-'} ${this.inline(item.children).trim()}`).filter((l) => !/^(-|\d+\.) $/.test(l)).join('\n'));
    }
    if (tag === 'hr') return this.#endParagraph();
    if (tag === 'tr' || tag === 'table' || tag === 'align' || tag === 'p' || tag === 'center' || tag === 'left' || tag === 'right' || tag === 'indent' || tag === 'float') {
      this.#endParagraph();
      for (const child of node.children) this.node(child);
      return this.#endParagraph();
    }
    if (tag === 'td' || tag === 'th') {
      for (const child of node.children) this.node(child);
      this.#line += ' ';
      return;
    }
    for (const child of node.children) this.node(child);
  }

  done(): string {
    this.#endParagraph();
    return this.blocks.join('\n\n');
  }
}

/** A Discuz post's BBCode as Markdown of our subset. */
export function bbcodeToMarkdown(source: string): string {
  const renderer = new Renderer();
  for (const node of parse(source).children) renderer.node(node);
  return renderer.done();
}
