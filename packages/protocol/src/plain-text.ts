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
