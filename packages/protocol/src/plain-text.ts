// A module of its own, apart from the schemas: code that needs only the text of a body (the
// elements' live updates, loaded later) does not bring zod with it.
import type { BlockNode, InlineNode, ListItemNode, RootNode } from './rich-text.js';

/** Plain text of a tree, for quotes, excerpts and accessible names. */
export function toPlainText(node: RootNode | BlockNode | InlineNode | ListItemNode): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'mention':
      return `@${node.value}`;
    case 'sticker':
      return `:${node.pack}/${node.name}:`;
    case 'break':
      return '\n';
    case 'root':
    case 'blockquote':
    case 'list':
    case 'listItem':
      return node.children.map(toPlainText).join('\n');
    default:
      return node.children.map(toPlainText).join('');
  }
}

/** Characters (code points) of a quote block's excerpt, the ellipsis included. */
export const EXCERPT_LENGTH = 140;

/**
 * The excerpt a quote block shows of a floor: its plain text on one line, cut to
 * {@link EXCERPT_LENGTH} code points (never inside a surrogate pair) with an ellipsis.
 */
export function excerpt(body: RootNode): string {
  const text = toPlainText(body).replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length <= EXCERPT_LENGTH ? text : `${chars.slice(0, EXCERPT_LENGTH - 1).join('')}…`;
}
