import { html, nothing, type TemplateResult } from 'lit';
import type { BlockNode, InlineNode, ListItemNode, RootNode } from '@teahouse/protocol';

type Node = RootNode | BlockNode | InlineNode | ListItemNode;
type Rendered = TemplateResult | string | typeof nothing;

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** Where the stickers of the body being rendered come from: set by each (synchronous) `renderNode` call, which makes every template of the body. */
let stickers: string | undefined;

const all = (children: readonly Node[]): Rendered[] => children.map(render);

/**
 * Renders a comment body (the protocol's restricted mdast tree) with Lit templates only: text is
 * always bound as text, never parsed as markup; links keep only http, https and mailto URLs.
 * `base` is where the Teahouse server serves the site's stickers (`…/v1/sites/{site}/stickers/`).
 */
export function renderNode(node: Node, base?: string): Rendered {
  stickers = base;
  return render(node);
}

function render(node: Node): Rendered {
  switch (node.type) {
    case 'root':
      return html`${all(node.children)}`;
    case 'paragraph':
      return html`<p>${all(node.children)}</p>`;
    case 'code':
      return html`<pre><code>${node.value}</code></pre>`;
    case 'blockquote':
      return html`<blockquote>${all(node.children)}</blockquote>`;
    case 'list':
      return node.ordered
        ? html`<ol start=${node.start ?? nothing}>${all(node.children)}</ol>`
        : html`<ul>${all(node.children)}</ul>`;
    case 'listItem':
      return html`<li>${all(node.children)}</li>`;
    case 'text':
      return node.value;
    case 'break':
      return html`<br />`;
    case 'emphasis':
      return html`<em>${all(node.children)}</em>`;
    case 'strong':
      return html`<strong>${all(node.children)}</strong>`;
    case 'inlineCode':
      return html`<code>${node.value}</code>`;
    case 'mention':
      return html`<span class="mention">@${node.value}</span>`;
    case 'sticker':
      // Names the server installed; bound as an attribute value under the server's own path, a path is all they can be.
      return html`<img class="sticker" src=${stickers ? `${stickers}${node.pack}/${node.name}` : nothing} alt=${node.name} loading="lazy" />`;
    case 'link':
      return SAFE_URL.test(node.url)
        ? html`<a href=${node.url} rel="ugc nofollow noopener" target="_blank">${all(node.children)}</a>`
        : html`${all(node.children)}`;
    default:
      return nothing;
  }
}
