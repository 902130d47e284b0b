import { html, nothing, type TemplateResult } from 'lit';
import type { BlockNode, InlineNode, ListItemNode, RootNode } from '@teahouse/protocol';

type Node = RootNode | BlockNode | InlineNode | ListItemNode;
type Rendered = TemplateResult | string | typeof nothing;

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

const all = (children: readonly Node[], stickers?: string): Rendered[] => children.map((child) => renderNode(child, stickers));

/**
 * Renders a comment body (the protocol's restricted mdast tree) with Lit templates only: text is
 * always bound as text, never parsed as markup; links keep only http, https and mailto URLs.
 * `stickers` is where the Teahouse server serves the site's stickers (`…/v1/sites/{site}/stickers/`).
 */
export function renderNode(node: Node, stickers?: string): Rendered {
  switch (node.type) {
    case 'root':
      return html`${all(node.children, stickers)}`;
    case 'paragraph':
      return html`<p>${all(node.children, stickers)}</p>`;
    case 'code':
      return html`<pre><code>${node.value}</code></pre>`;
    case 'blockquote':
      return html`<blockquote>${all(node.children, stickers)}</blockquote>`;
    case 'list':
      return node.ordered
        ? html`<ol start=${node.start ?? nothing}>${all(node.children, stickers)}</ol>`
        : html`<ul>${all(node.children, stickers)}</ul>`;
    case 'listItem':
      return html`<li>${all(node.children, stickers)}</li>`;
    case 'text':
      return node.value;
    case 'break':
      return html`<br />`;
    case 'emphasis':
      return html`<em>${all(node.children, stickers)}</em>`;
    case 'strong':
      return html`<strong>${all(node.children, stickers)}</strong>`;
    case 'inlineCode':
      return html`<code>${node.value}</code>`;
    case 'mention':
      return html`<span class="mention">@${node.value}</span>`;
    case 'sticker':
      // Pack and name passed the protocol's pattern with the response; bound as an attribute, a path is all they can be.
      return html`<img class="sticker" src=${stickers ? `${stickers}${node.pack}/${node.name}` : nothing} alt=${node.name} loading="lazy" />`;
    case 'link':
      return SAFE_URL.test(node.url)
        ? html`<a href=${node.url} rel="ugc nofollow noopener" target="_blank">${all(node.children, stickers)}</a>`
        : html`${all(node.children, stickers)}`;
    default:
      return nothing;
  }
}
