import { html, nothing } from 'lit';
import type { Floor } from '@teahouse/protocol';

/**
 * 热门回复 (`hot`) or 置顶 (`pinned`): floors shown above the thread, each a copy of its floor
 * below.
 */
export function renderHot(floors: readonly Floor[], heading: string, lang: string, kind: 'hot' | 'pinned' = 'hot') {
  if (floors.length === 0) return nothing;
  return html`<section class="hot ${kind}" aria-labelledby="${kind}-heading">
    <h3 id="${kind}-heading">${heading}</h3>
    ${floors.map((floor) => html`<teahouse-comment data-hot=${floor.number} .floor=${floor} lang=${lang}></teahouse-comment>`)}
  </section>`;
}
