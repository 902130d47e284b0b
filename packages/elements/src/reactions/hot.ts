import { html, nothing } from 'lit';
import type { Floor } from '@teahouse/protocol';

/** 热门回复: the top-scored floors above the thread, each a copy of its floor below. */
export function renderHot(floors: readonly Floor[], heading: string, lang: string) {
  if (floors.length === 0) return nothing;
  return html`<section class="hot" aria-labelledby="hot-heading">
    <h3 id="hot-heading">${heading}</h3>
    ${floors.map((floor) => html`<teahouse-comment data-hot=${floor.number} .floor=${floor} lang=${lang}></teahouse-comment>`)}
  </section>`;
}
