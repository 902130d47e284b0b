import { html, type TemplateResult } from '../lazy/kit.js';

export interface Tab<K extends string> {
  key: K;
  label: string;
}

const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowDown: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  ArrowUp: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * A tab list after the WAI-ARIA tabs pattern: only the selected tab is in the Tab order; arrow
 * keys, Home and End move to another tab and select it. Tabs are `${id}-<key>` and all control the
 * one panel `${id}-panel` (see {@link renderPanel}), whose content follows the selection.
 */
export function renderTabs<K extends string>(id: string, label: string, tabs: Tab<K>[], selected: K, select: (key: K) => void): TemplateResult {
  const keydown = (event: KeyboardEvent) => {
    const move = MOVES[event.key];
    const index = tabs.findIndex((tab) => tab.key === selected);
    if (!move || index < 0) return;
    event.preventDefault();
    const next = move(index, tabs.length);
    select(tabs[next]!.key);
    (event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  };
  return html`<div role="tablist" part="tabs" class="tabs" aria-label=${label} @keydown=${keydown}>${tabs.map(
    ({ key, label: text }) => html`<button type="button" role="tab" part="tab" class="tab" id="${id}-${key}" aria-controls="${id}-panel"
      aria-selected=${key === selected ? 'true' : 'false'} tabindex=${key === selected ? '0' : '-1'} @click=${() => select(key)}>${text}</button>`,
  )}</div>`;
}

/** The panel of a tab list from {@link renderTabs}, named by its selected tab. */
export function renderPanel(id: string, selected: string, content: unknown): TemplateResult {
  return html`<div role="tabpanel" part="panel" class="panel" id="${id}-panel" aria-labelledby="${id}-${selected}" tabindex="0">${content}</div>`;
}
