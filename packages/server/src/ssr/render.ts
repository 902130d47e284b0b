// Imported on the first request for a server-rendered thread (see ./fragment.ts), never at start.
// Lit's Node build brings the little DOM it needs (HTMLElement, customElements, events that travel
// the render tree); the global window shim of @lit-labs/ssr is left out, so that no `document` or
// `location` appears in the server's globals for other code to mistake it for a browser.
import { render } from '@lit-labs/ssr';
import { LitElementRenderer } from '@lit-labs/ssr/lib/lit-element-renderer.js';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { html, nothing } from 'lit';
import { loadCatalogs, tags } from '@teahouse/elements/ssr.js';
import type { Bootstrap, Locale } from '@teahouse/protocol';

for (const [tag, element] of Object.entries(tags)) element.define(tag);
await loadCatalogs();

// The elements take their thread, client and session from <teahouse-comments> through the context
// protocol's events, which their controllers send when connected: connected on the server too
// (each guards what only a browser has), the elements render what a browser's first paint shows.
LitElementRenderer.renderOptions.push((element) => (element.localName.startsWith('teahouse-') ? { connectedCallback: true } : undefined));

/** What the widget of a server-rendered thread is made from. */
export interface WidgetInput {
  bootstrap: Bootstrap;
  /** Base URL of this server as the reader's browser reaches it. */
  server: string;
  lang: Locale;
  /** The host's article URL, when known. */
  pageUrl: string | null;
}

/**
 * `<teahouse-comments>` with its thread, rendered by Lit SSR from the elements' own templates:
 * declarative shadow DOM that a browser paints without script and the embed hydrates.
 */
export function renderWidget({ bootstrap, server, lang, pageUrl }: WidgetInput): string {
  const result = render(html`<teahouse-comments data-ssr server=${server} site=${bootstrap.site.id} page=${bootstrap.thread.page}
    lang=${lang} page-url=${pageUrl ?? nothing} .initial=${bootstrap}></teahouse-comments>`);
  return collectResultSync(result);
}
