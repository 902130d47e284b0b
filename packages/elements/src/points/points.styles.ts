import { base, css, themes, tokens, type CSSResult } from '../lazy/kit.js';

export const styles: CSSResult[] = [
  tokens('points'),
  themes,
  base,
  css`
    [part='base'] {
      /* Narrow places (a sidebar, a phone) get the compact rules below. */
      container-type: inline-size;
      padding: 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    p {
      margin: 0.5em 0;
    }
    .muted,
    .status,
    .notes {
      color: var(--_muted);
    }
    .balance {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25em 0.5em;
    }
    .balance .amount {
      font-size: 1.75em;
      font-weight: 700;
      color: var(--_accent);
      font-variant-numeric: tabular-nums;
    }
    .balance img {
      width: 1.25em;
      height: 1.25em;
      align-self: center;
      object-fit: contain;
    }
    .pending {
      flex-basis: 100%;
      margin: 0;
      padding: 0.2em 0.6em;
      border-radius: var(--_radius);
      background: var(--_highlight);
      color: var(--_highlight-text);
      font-size: 0.875em;
    }
    .prompt a,
    .prompt button,
    .retry {
      border: 0;
      background: none;
      padding: 0 0.15em;
      color: var(--_accent);
      text-decoration: underline;
      font: inherit;
    }
    .tabs {
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.25em;
      margin-top: 0.75em;
      border-bottom: 1px solid var(--_border);
    }
    .panel .tabs {
      margin-top: 0.25em;
      border-bottom: 0;
    }
    .tab {
      border: 0;
      border-bottom: 2px solid transparent;
      background: none;
      padding: 0.3em 0.5em;
      color: var(--_muted);
    }
    .tab[aria-selected='true'] {
      border-bottom-color: var(--_accent);
      color: var(--_text);
      font-weight: 600;
    }
    .panel {
      padding-top: 0.5em;
    }
    ol,
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .entry,
    .row {
      display: grid;
      grid-template-columns: 1fr auto;
      align-items: baseline;
      gap: 0 0.75em;
      padding: 0.45em 0;
      border-bottom: 1px solid var(--_border);
    }
    .row {
      grid-template-columns: auto 1fr auto;
    }
    .entry time,
    .entry .state {
      grid-column: 1 / -1;
      color: var(--_muted);
      font-size: 0.875em;
    }
    .entry .state {
      color: var(--_highlight-text);
    }
    .delta,
    .row .points {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .delta.plus {
      color: var(--_accent);
    }
    .row .rank {
      min-width: 2.5em;
      color: var(--_muted);
      font-variant-numeric: tabular-nums;
    }
    .row:nth-child(-n + 3) .rank {
      color: var(--_accent);
      font-weight: 700;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      font-size: 0.9375em;
    }
    th,
    td {
      padding: 0.4em 0.5em 0.4em 0;
      border-bottom: 1px solid var(--_border);
      text-align: start;
      vertical-align: top;
    }
    th {
      color: var(--_muted);
      font-weight: 400;
    }
    tr.inactive td {
      color: var(--_muted);
    }
    tr.inactive .earns {
      text-decoration: line-through;
    }
    .notes {
      padding-inline-start: 1.2em;
      list-style: disc;
      font-size: 0.875em;
    }
    @container (max-width: 26em) {
      thead {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
      }
      table,
      tbody,
      tr {
        display: block;
      }
      tr {
        padding: 0.4em 0;
        border-bottom: 1px solid var(--_border);
      }
      td {
        display: inline;
        padding: 0;
        border: 0;
      }
      td:first-child {
        display: block;
        color: var(--_text);
      }
      td + td:not(:last-child)::after {
        /* Inline-block, so that a struck-out amount does not strike the separator too. */
        display: inline-block;
        white-space: pre;
        content: ' · ';
      }
    }
    .more {
      display: block;
      width: 100%;
      margin-top: 0.5em;
      padding: 0.4em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface-alt);
    }
  `,
];
