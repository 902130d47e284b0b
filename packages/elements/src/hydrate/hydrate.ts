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
for (const element of document.querySelectorAll<HTMLElement & { initial?: Bootstrap }>('teahouse-comments[data-ssr]')) {
  const json = element.querySelector(':scope > script[data-teahouse-bootstrap]')?.textContent;
  try {
    if (json) element.initial ??= JSON.parse(json) as Bootstrap;
  } catch {
    // Without it the element loads its thread itself.
  }
}
