import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import type { Nodes as MdNode, PhrasingContent, RootContent } from 'mdast';
import { RootNode, type BlockNode, type InlineNode, type ListItemNode } from '@teahouse/protocol';
import { invalid } from '../errors.js';
import { plainBody } from './plain.js';

/**
 * Containers deeper than this (blockquotes and lists, or emphasis, strong and links) are
 * flattened to their text: nothing a reader writes by hand goes deeper, and renderers
 * and validators stay shallow.
 */
export const MAX_DEPTH = 6;
const MAX_URL_LENGTH = 2048;
const MAX_LANG_LENGTH = 32;
const SAFE_URL = /^(https?:\/\/|mailto:)/i;
/** `@name` not glued to a preceding word, so `a@b` stays text. */
const MENTION = /(^|[^\p{L}\p{N}_@.-])@([\p{L}\p{N}_-]{1,64})/gu;
/**
 * The Markdown parser's time grows faster than linearly with containers stacked on one line
 * (`> > > …`, `- - - …`) and with long runs of emphasis delimiters: a 10 KB body of either
 * costs seconds. No reader writes those, so they are refused before parsing.
 */
const STACKED_CONTAINERS = /^(?:[ \t]*(?:>|[*+-][ \t]|\d{1,9}[.)][ \t])){11}/m;
const DELIMITER_RUN = /[*_]{33}/;
/** `:pack/name:`, a sticker (表情) where the site has one by that name; text otherwise. */
export const STICKER_SOURCE = /:([a-z0-9][a-z0-9_-]{0,31})\/([a-z0-9][a-z0-9_-]{0,31}):/g;
const NO_STICKERS: ReadonlySet<string> = new Set();
/**
 * The stickers of the body being parsed, as `pack/name`: set for the length of one (synchronous)
 * `parseBody` call, so the converter's many small functions need not pass it along.
 */
let stickers = NO_STICKERS;

/**
 * Parses a Markdown body into the restricted tree the protocol allows. Anything outside
 * the subset (HTML, images, headings, unsafe links) survives as plain text, never as markup.
 * `:pack/name:` becomes a sticker node where `installed` has `pack/name` (see `installedStickers`).
 */
export function parseBody(source: string, installed: ReadonlySet<string> = NO_STICKERS): RootNode {
  stickers = installed;
  try {
    return parse(source);
  } finally {
    stickers = NO_STICKERS;
  }
}

function parse(source: string): RootNode {
  if (STACKED_CONTAINERS.test(source)) {
    throw invalid('the body nests quotes or lists too deeply', [{ path: ['body'], message: 'more than 10 quotes or lists on one line' }]);
  }
  if (DELIMITER_RUN.test(source)) {
    throw invalid('the body has a run of more than 32 * or _ characters', [{ path: ['body'], message: 'too many * or _ in a row' }]);
  }
  // Plain paragraphs, most bodies, are read without the parser: the same tree, many times faster.
  // A body naming one of the site's stickers takes the parser, which makes its sticker nodes.
  const plain = stickers.size === 0 ? plainBody(source) : null;
  const root: RootNode = { type: 'root', children: plain ?? blocks(parseMarkdown(source).children, 0) };
  const checked = RootNode.safeParse(root);
  // The converter only builds allowed nodes; a failure here is a converter bug, not bad input.
  if (!checked.success) throw new Error(`rich text conversion produced an invalid tree: ${checked.error.message}`);
  if (checked.data.children.length === 0) throw invalid('the body has no visible text', [{ path: ['body'], message: 'empty after formatting' }]);
  return checked.data;
}

/** The Markdown parser's tree of `source`, with GFM's autolink literals. */
function parseMarkdown(source: string) {
  return fromMarkdown(source, {
    extensions: [gfmAutolinkLiteral()],
    mdastExtensions: [gfmAutolinkLiteralFromMarkdown()],
  });
}

/** The body as the Markdown parser and the converter read it, without the plain-paragraph shortcut (for tests). */
export function parseBodySlowly(source: string): RootNode {
  return { type: 'root', children: blocks(parseMarkdown(source).children, 0) };
}

function blocks(nodes: RootContent[], depth: number): BlockNode[] {
  const out: BlockNode[] = [];
  for (const node of nodes) out.push(...block(node, depth));
  return out;
}

function block(node: RootContent, depth: number): BlockNode[] {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return paragraph(inlines(node.children, 0, true));
    case 'code':
      return [{ type: 'code', value: node.value, lang: node.lang && node.lang.length <= MAX_LANG_LENGTH ? node.lang : null }];
    case 'blockquote':
      if (depth >= MAX_DEPTH) return flattened(node);
      return [{ type: 'blockquote', children: blocks(node.children, depth + 1) }];
    case 'list': {
      if (depth >= MAX_DEPTH) return flattened(node);
      const items: ListItemNode[] = node.children.map((item) => ({
        type: 'listItem',
        children: blocks(item.children, depth + 1),
      }));
      return [{ type: 'list', ordered: node.ordered === true, start: node.ordered ? (node.start ?? 1) : null, children: items }];
    }
    case 'thematicBreak':
    case 'definition':
      return [];
    default:
      return flattened(node);
  }
}

function paragraph(children: InlineNode[]): BlockNode[] {
  return children.length === 0 ? [] : [{ type: 'paragraph', children }];
}

/** A node outside the subset, or too deep, kept as a paragraph of its text. */
function flattened(node: MdNode): BlockNode[] {
  const lines = plainText(node).split('\n').filter((line) => line.trim() !== '');
  const children: InlineNode[] = [];
  lines.forEach((line, i) => {
    if (i > 0) children.push({ type: 'break' });
    children.push(...mentions(line));
  });
  return paragraph(children);
}

function inlines(nodes: PhrasingContent[], depth: number, detectMentions: boolean): InlineNode[] {
  const out: InlineNode[] = [];
  const text = (value: string) => out.push(...(detectMentions ? mentions(value) : textNode(value)));
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        text(node.value);
        break;
      case 'break':
        out.push({ type: 'break' });
        break;
      case 'inlineCode':
        out.push({ type: 'inlineCode', value: node.value });
        break;
      case 'emphasis':
      case 'strong':
        if (depth >= MAX_DEPTH) text(plainText(node));
        else out.push({ type: node.type, children: inlines(node.children, depth + 1, detectMentions) });
        break;
      case 'link': {
        const safe = SAFE_URL.test(node.url) && node.url.length <= MAX_URL_LENGTH;
        if (safe && depth < MAX_DEPTH) {
          const children = inlines(node.children, depth + 1, false);
          out.push({ type: 'link', url: node.url, children: children.length ? children : [{ type: 'text', value: node.url }] });
        } else {
          text(plainText(node));
        }
        break;
      }
      case 'image':
        if (node.alt) text(node.alt);
        break;
      case 'html':
        text(node.value);
        break;
      default:
        text(plainText(node));
    }
  }
  return mergeText(out);
}

function textNode(value: string): InlineNode[] {
  return value === '' ? [] : [{ type: 'text', value }];
}

/** Text with its stickers, each piece between them with its mentions. */
function mentions(value: string): InlineNode[] {
  if (stickers.size === 0) return mentionsOnly(value);
  const out: InlineNode[] = [];
  const pattern = new RegExp(STICKER_SOURCE);
  let last = 0;
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
    const [whole, pack = '', name = ''] = match;
    if (!stickers.has(`${pack}/${name}`)) {
      // Its closing colon may open the next one (`:no/such:ok/one:`).
      pattern.lastIndex = match.index + whole.length - 1;
      continue;
    }
    out.push(...mentionsOnly(value.slice(last, match.index)));
    out.push({ type: 'sticker', pack, name });
    last = match.index + whole.length;
  }
  out.push(...mentionsOnly(value.slice(last)));
  return out;
}

function mentionsOnly(value: string): InlineNode[] {
  const out: InlineNode[] = [];
  let last = 0;
  for (const match of value.matchAll(MENTION)) {
    const lead = match[1] ?? '';
    const name = match[2] ?? '';
    const at = (match.index ?? 0) + lead.length;
    out.push(...textNode(value.slice(last, at)));
    out.push({ type: 'mention', value: name });
    last = at + 1 + name.length;
  }
  out.push(...textNode(value.slice(last)));
  return out;
}

function mergeText(nodes: InlineNode[]): InlineNode[] {
  const out: InlineNode[] = [];
  for (const node of nodes) {
    const prev = out[out.length - 1];
    if (node.type === 'text' && prev?.type === 'text') out[out.length - 1] = { type: 'text', value: prev.value + node.value };
    else out.push(node);
  }
  return out;
}

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'code', 'html', 'listItem', 'blockquote', 'list', 'table', 'tableRow']);

/** Text of any mdast node, block boundaries as newlines; iterative so depth cannot overflow the stack. */
function plainText(node: MdNode): string {
  let out = '';
  const stack: (MdNode | string)[] = [node];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    if (BLOCK_TYPES.has(item.type)) stack.push('\n');
    if ('children' in item) {
      for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i] as MdNode);
    } else if (item.type === 'image' || item.type === 'imageReference') {
      if (item.alt) out += item.alt;
    } else if (item.type === 'break') {
      out += '\n';
    } else if ('value' in item && typeof item.value === 'string') {
      out += item.value;
    }
  }
  return out.replace(/\n+$/, '');
}
