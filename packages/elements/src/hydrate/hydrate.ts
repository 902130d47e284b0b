// Lit's hydration (@lit-labs/ssr-client) as a chunk of its own: the script-tag bundle fetches it
// only on a page that carries a server-rendered thread, before it defines the elements. Loading it
// installs it: every element then adopts the declarative shadow root the server rendered instead
// of rendering it again, and each server-rendered `<teahouse-comments>` gets the bootstrap it was
// rendered from, so that its first paint is the server's and needs no request.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import type { Bootstrap } from '@teahouse/protocol';
import { LitElement } from '../lazy/kit.js';

declare global {
  var litElementHydrateSupport: ((lit: { LitElement: typeof LitElement }) => void) | undefined;
}

globalThis.litElementHydrateSupport?.({ LitElement });

// Hydration keeps the shadow root the server rendered, styled by its <style> elements; a page whose
// CSP refuses inline styles drops those, so the element's own sheets are adopted there too.
const proto = LitElement.prototype as unknown as { createRenderRoot(this: LitElement): HTMLElement | DocumentOrShadowRoot };
const create = proto.createRenderRoot;
proto.createRenderRoot = function () {
  const root = create.call(this);
  if (root === this.shadowRoot && 'adoptedStyleSheets' in root) {
    const styles = (this.constructor as typeof LitElement).elementStyles;
    root.adoptedStyleSheets = styles.map((style) => (style instanceof CSSStyleSheet ? style : style.styleSheet!));
  }
  return root;
};
for (const element of document.querySelectorAll<HTMLElement & { initial?: Bootstrap }>('teahouse-comments[data-ssr]')) {
  const json = element.querySelector(':scope > script[data-teahouse-bootstrap]')?.textContent;
  try {
    if (json) element.initial ??= JSON.parse(json) as Bootstrap;
  } catch {
    // Without it the element loads its thread itself.
  }
}
